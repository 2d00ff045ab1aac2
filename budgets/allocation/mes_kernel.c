/* One run of the Method of Equal Shares (cost utilities), compiled: the fast path of mes_kernel.py.

   Exactness without big numbers
   -----------------------------
   Money is scaled (by mes_kernel.py) so that the starting budget and every cost are integers with F extra
   binary digits. Voters with the same budget form a *class*; each class carries an interval [lo, hi] of
   integers that certainly contains its exact budget (exact at the start: lo == hi). A project's share x
   (what each supporter who can pays) solves sum(min(budget, x) * weight) = cost; it only falls when budgets
   grow, so water-filling on the hi budgets gives a lower bound of x and on the lo budgets an upper bound,
   both exact rationals. rho = x / cost. After a round the payers' budgets max(0, b - x) are rounded outwards
   to integers: an interval widens by at most one unit (2**-F of a currency unit per voter) per round.

   Every decision is certified or refused: a winner is declared only when its rho interval lies strictly
   below every competitor's (or both are exact and equal, the smaller index winning, as pabutools' tie-break
   by id string: indices are in that order); a project is dropped only when its supporters certainly cannot
   pay. Anything closer returns MES_UNCERTAIN and the caller runs the exact pure-Python engine instead.
   Products that could exceed 128 bits (rho comparisons) are compared on 256 bits.

   Laziness. rho only grows within a run (budgets only fall), so a value computed in an earlier round is a
   lower bound later: each round re-evaluates only the projects whose stale bound could still beat the
   leader, and only projects sharing a supporter with the winner become stale.

   Proof mode (add1 search). Given the winners of a run at a smaller start and an upper bound of each
   winner's rho there, the run also checks, round by round, that it funds the same project and that every
   competitor's rho here is strictly above that bound. Along a fixed sequence of winners every budget is
   non-decreasing in the start, so every rho is non-increasing: the same winner then wins at every start in
   between. Where that fails, the slope certificate (linear bounds of both rhos over the interval, see
   stays_above) may still prove it. `certified` counts the rounds so proven, rounds + 1 when the stop is too.
   The reference's evaluations also give lower bounds here (raise_by_record). docs/allocation.md explains
   each argument.
*/
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

typedef unsigned __int128 u128;

enum { MES_OK = 0, MES_UNCERTAIN = 1 };
enum { UPPER_TODO = 0, UPPER_DONE = 1, UPPER_EXACT = 2, UPPER_UNKNOWN = 3 };

typedef struct {
    u128 hi, lo;
} u256;

static inline u256 mul_wide(u128 a, u128 b) {
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    u256 r;
    r.lo = (mid << 64) | (uint64_t)p00;
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

/* n1/d1 against n2/d2 (d == 0 stands for +infinity): -1, 0 or 1. */
static inline int cmp_frac(u128 n1, u128 d1, u128 n2, u128 d2) {
    if (d1 == 0 || d2 == 0) return (d1 == 0) - (d2 == 0);
    u256 a = mul_wide(n1, d2), b = mul_wide(n2, d1);
    if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo) return a.lo < b.lo ? -1 : 1;
    return 0;
}

typedef struct {
    u128 lo, hi;
    int64_t weight;
} Entry;

typedef struct {
    int P, G, E;
    int64_t *weight;                 /* per group */
    int32_t *pg_start, *pg_items;    /* project -> its groups (CSR) */
    u128 *cost;                      /* per project, scaled */
    uint8_t *overlap;                /* P x P: share a supporter */
    /* per run */
    int32_t *items, *len;            /* alive supporters per project, compacted as groups die */
    int32_t *cls;                    /* class of each group, -1: exactly nothing left */
    u128 *clo, *chi;                 /* class budget intervals */
    u128 *lsum, *rsum;               /* per class: sums of the slope rates of the rounds it paid */
    int32_t *remap_round, *remap_to;
    int64_t *stamp, *acc, stamp_now;
    int32_t *list;
    Entry *entries;
    int nclasses, nfree;
    int32_t *members, *free_ids, *touched; /* class ids are recycled: small ids stay in cache */
    /* per project */
    u128 *kn, *kd;                   /* rho lower bound (stale or fresh) */
    u128 *hn, *hd;                   /* rho upper bound, fresh only; hd == 0: unknown */
    u128 *xln, *xld, *xhn, *xhd;     /* x bounds of the last evaluation */
    double *key;                     /* approximately kn / kd: only orders the scan */
    double *hkey;                    /* approximately hn / hd (+infinity when unknown) */
    int gathered, gathered_n, gathered_exact; /* the entries in c->entries are p's: no need to gather again */
    int64_t gathered_total;
    uint8_t *active, *fresh, *exact, *upper_state;
    /* Bounds carried over from the reference run (see raise_by_record). */
    int round_now, common, matching;
    uint64_t *rec_out;               /* this run's records: (x numerator, payers) per (round, project), 4 words */
    const uint64_t *ref_rec;         /* the reference's */
    int rec_rounds, ref_rec_rounds;  /* how many rounds each holds (later rounds are not recorded) */
    u128 *gain;                      /* per round r <= common: G_r */
    int32_t *record_round;           /* per project: the round its record bound was last tried */
    int64_t *total_weight;           /* per project: weight of all its supporters */
} Ctx;

void mes_free(Ctx *c) {
    if (!c) return;
    void *ptrs[] = {c->weight, c->pg_start, c->pg_items, c->cost, c->overlap, c->items, c->len, c->cls,
                    c->clo, c->chi, c->lsum, c->rsum, c->remap_round, c->remap_to, c->stamp, c->acc, c->list, c->entries,
                    c->kn, c->kd, c->hn, c->hd, c->xln, c->xld, c->xhn, c->xhd, c->key, c->active,
                    c->fresh, c->exact, c->upper_state,
                    c->gain, c->record_round, c->total_weight, c->hkey,
                    c->members, c->free_ids, c->touched};
    for (size_t i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++) free(ptrs[i]);
    free(c);
}

static inline u128 join(uint64_t lo, uint64_t hi) { return ((u128)hi << 64) | lo; }

/* Groups of identical ballots: weight[g]; gp_* lists each group's projects. */
Ctx *mes_prepare(int P, int G, const int64_t *weight, const int32_t *gp_start, const int32_t *gp_items,
                 const uint64_t *cost_lo, const uint64_t *cost_hi) {
    Ctx *c = calloc(1, sizeof(Ctx));
    if (!c) return NULL;
    int E = gp_start[G];
    c->P = P, c->G = G, c->E = E;
    int classes = E + 2;
#define ALLOC(field, count) \
    if (!(c->field = calloc((size_t)(count) + 1, sizeof(*c->field)))) goto fail;
    ALLOC(weight, G) ALLOC(pg_start, P + 1) ALLOC(pg_items, E) ALLOC(cost, P) ALLOC(overlap, (size_t)P * P)
    ALLOC(items, E) ALLOC(len, P) ALLOC(cls, G) ALLOC(clo, classes) ALLOC(chi, classes) ALLOC(lsum, classes) ALLOC(rsum, classes)
    ALLOC(remap_round, classes) ALLOC(remap_to, classes) ALLOC(stamp, classes) ALLOC(acc, classes)
    ALLOC(list, classes) ALLOC(entries, classes) ALLOC(kn, P) ALLOC(kd, P) ALLOC(hn, P) ALLOC(hd, P)
    ALLOC(xln, P) ALLOC(xld, P) ALLOC(xhn, P) ALLOC(xhd, P) ALLOC(key, P) ALLOC(active, P) ALLOC(fresh, P)
    ALLOC(exact, P) ALLOC(upper_state, P) ALLOC(members, classes) ALLOC(free_ids, classes) ALLOC(touched, classes) ALLOC(hkey, P) ALLOC(gain, P + 1) ALLOC(record_round, P) ALLOC(total_weight, P)
#undef ALLOC
    memcpy(c->weight, weight, sizeof(int64_t) * G);
    /* project -> groups, in group order (counting sort) */
    for (int i = 0; i < E; i++) c->pg_start[gp_items[i] + 1]++;
    for (int p = 0; p < P; p++) c->pg_start[p + 1] += c->pg_start[p];
    memcpy(c->len, c->pg_start, sizeof(int32_t) * P);
    for (int g = 0; g < G; g++)
        for (int i = gp_start[g]; i < gp_start[g + 1]; i++) c->pg_items[c->len[gp_items[i]]++] = g;
    for (int p = 0; p < P; p++) {
        c->cost[p] = join(cost_lo[p], cost_hi[p]);
        for (int i = c->pg_start[p]; i < c->pg_start[p + 1]; i++) c->total_weight[p] += c->weight[c->pg_items[i]];
    }
    for (int g = 0; g < G; g++)
        for (int i = gp_start[g]; i < gp_start[g + 1]; i++)
            for (int j = gp_start[g]; j < gp_start[g + 1]; j++)
                c->overlap[(size_t)gp_items[i] * P + gp_items[j]] = 1;
    for (int i = 0; i < classes; i++) c->stamp[i] = -1;
    return c;
fail:
    mes_free(c);
    return NULL;
}

/* Water-filling without sorting: x = need / payers solves sum(min(v, x) * weight) = cost over the entries (whose
   total covers the cost). Every entry with v below a known lower bound of x (seed_need / seed_payers: an
   earlier value, as x only grows within a run; at worst cost / total) certainly pays all it has, and dropping
   it only raises x: drop such entries until none is left. The result is the rational of the sorted
   water-filling. `scratch` receives the indices of the entries. */
static void fill(const Entry *e, int n, int use_hi, int64_t total, u128 cost, u128 seed_need, u128 seed_payers,
                 int32_t *scratch, u128 *need, u128 *payers) {
    u128 left = cost, rest = (u128)total, smallest = ~(u128)0;
    int m = 0;
    for (int i = 0; i < n; i++) {
        u128 v = use_hi ? e[i].hi : e[i].lo;
        if (v * seed_payers < seed_need) {
            left -= v * (u128)e[i].weight;
            rest -= (u128)e[i].weight;
        } else {
            scratch[m++] = i;
            if (v < smallest) smallest = v;
        }
    }
    if (m > 0 && smallest * rest >= left) m = 0; /* nobody left is below x: done */
    /* Each pass drops the entries below the current x = left / rest; when the smallest entry kept is at least
       the new x, no further pass can drop anything. */
    while (m > 0) {
        int kept = 0, changed = 0;
        smallest = ~(u128)0;
        for (int i = 0; i < m; i++) {
            const Entry *x = &e[scratch[i]];
            u128 v = use_hi ? x->hi : x->lo;
            if (v * rest < left) {
                left -= v * (u128)x->weight;
                rest -= (u128)x->weight;
                changed = 1;
            } else {
                scratch[kept++] = scratch[i];
                if (v < smallest) smallest = v;
            }
        }
        m = kept;
        if (!changed || rest == 0 || smallest * rest >= left) break;
    }
    *need = left, *payers = rest;
}

/* Gather the classes of p's supporters with money into c->entries (pruning p's exhausted groups); returns how
   many, their total weight and whether every budget is exact. */
static int gather(Ctx *c, int p, int64_t *total, int *all_exact) {
    if (c->gathered == p) {
        *total = c->gathered_total, *all_exact = c->gathered_exact;
        return c->gathered_n;
    }
    int32_t *it = c->items + c->pg_start[p];
    int L = c->len[p], kept = 0, n = 0;
    int64_t now = ++c->stamp_now;
    for (int i = 0; i < L; i++) {
        int32_t g = it[i], k = c->cls[g];
        if (k < 0) continue;
        it[kept++] = g;
        if (c->stamp[k] != now) {
            c->stamp[k] = now;
            c->acc[k] = 0;
            c->list[n++] = k;
        }
        c->acc[k] += c->weight[g];
    }
    c->len[p] = kept;
    Entry *e = c->entries;
    int64_t sum = 0;
    int exact = 1;
    for (int i = 0; i < n; i++) {
        int k = c->list[i];
        e[i].lo = c->clo[k], e[i].hi = c->chi[k], e[i].weight = c->acc[k];
        sum += e[i].weight;
        exact &= e[i].lo == e[i].hi;
    }
    *total = sum, *all_exact = exact;
    c->gathered = p, c->gathered_n = n, c->gathered_total = sum, c->gathered_exact = exact;
    return n;
}

/* Re-evaluate the lower bound of p's rho on the current budgets: 0 when its supporters certainly cannot pay
   (the water-filling on the upper budgets leaves nobody paying the full share: they hold less than the cost).
   The upper bound is computed only when needed (see upper). */
static int evaluate(Ctx *c, int p) {
    int64_t total;
    u128 cost = c->cost[p];
    int all_exact;
    int n = gather(c, p, &total, &all_exact);
    c->fresh[p] = 1;
    /* x >= its value in an earlier round of this run, and >= cost / total */
    u128 seed_need = c->xln[p], seed_payers = c->xld[p];
    if (seed_payers == 0) seed_need = cost, seed_payers = (u128)total;
    u128 need = 0, payers = 0;
    if (n > 0) fill(c->entries, n, 1, total, cost, seed_need, seed_payers, c->list, &need, &payers);
    if (payers == 0) {
        c->active[p] = 0;
        return 0;
    }
    c->xln[p] = need, c->xld[p] = payers;
    c->kn[p] = need, c->kd[p] = payers * cost;
    c->key[p] = (double)need / ((double)payers * (double)cost);
    if (c->rec_out && c->round_now < c->rec_rounds) {
        uint64_t *rec = c->rec_out + 4 * ((size_t)c->round_now * c->P + p);
        rec[0] = (uint64_t)need, rec[1] = (uint64_t)(need >> 64), rec[2] = (uint64_t)payers, rec[3] = (uint64_t)(payers >> 64);
    }
    if (all_exact) {
        c->upper_state[p] = UPPER_EXACT;
        c->xhn[p] = need, c->xhd[p] = payers, c->hn[p] = c->kn[p], c->hd[p] = c->kd[p];
        c->exact[p] = 1;
        c->hkey[p] = c->key[p];
    } else {
        c->upper_state[p] = UPPER_TODO;
        c->hn[p] = 0, c->hd[p] = 0, c->exact[p] = 0;
        c->hkey[p] = INFINITY;
    }
    return 1;
}

/* The upper bound of fresh p's rho (hd stays 0 when its supporters may not be able to pay: the water-filling
   on the lower budgets leaves nobody paying the full share). x is exact when both bounds agree, whatever the
   budgets' uncertainty (no supporter short of money: x = cost / weight). */
static void upper(Ctx *c, int p) {
    if (c->upper_state[p] != UPPER_TODO) return;
    int64_t total;
    u128 cost = c->cost[p];
    int all_exact;
    int n = gather(c, p, &total, &all_exact);
    fill(c->entries, n, 0, total, cost, c->xln[p], c->xld[p], c->list, &c->xhn[p], &c->xhd[p]);
    c->upper_state[p] = UPPER_DONE;
    if (c->xhd[p] == 0) {
        c->hn[p] = 0, c->hd[p] = 0, c->hkey[p] = INFINITY, c->exact[p] = 0;
        return;
    }
    c->hn[p] = c->xhn[p], c->hd[p] = c->xhd[p] * cost;
    c->hkey[p] = (double)c->hn[p] / (double)c->hd[p];
    c->exact[p] = c->xhn[p] == c->xln[p] && c->xhd[p] == c->xld[p];
}

/* q's lower bound against w's upper bound (-1, 0, 1): doubles first, exact only when they are close. */
static inline int cmp_lower_upper(const Ctx *c, int q, int w) {
    double a = c->key[q], b = c->hkey[w];
    if (a < b * (1 - 1e-9)) return -1;
    if (a > b * (1 + 1e-9)) return 1;
    return cmp_frac(c->kn[q], c->kd[q], c->hn[w], c->hd[w]);
}

/* The active project with the smallest (lower bound, index), or -1. */
static int leader(Ctx *c) {
    int best = -1;
    double best_key = 0;
    for (int p = 0; p < c->P; p++) {
        if (!c->active[p]) continue;
        if (best < 0 || c->key[p] < best_key * (1 - 1e-9)) {
            best = p, best_key = c->key[p];
            continue;
        }
        if (c->key[p] <= best_key * (1 + 1e-9) && cmp_frac(c->kn[p], c->kd[p], c->kn[best], c->kd[best]) < 0)
            best = p, best_key = c->key[p];
    }
    return best;
}

/* A lower bound of p's rho carried over from the reference run (start a < this start b). If the two runs
   funded the same projects in rounds < r', every voter's budget here in any round r >= r' is at most its
   budget there in round r' plus G_r' = (b - a) + sum over s < r' of (x_s there - x_s here): a budget is
   max(0, start - shares it paid). The reference found there, on budgets at least the exact ones,
   x = need / R with R the weight paying the full share; with every budget higher by at most G, x falls by at
   most G (W - R) / R (W: all of p's supporters). So x here >= (need - G (W - R)) / R. Returns 1 when this
   raised p's lower bound. */
static int raise_by_record(Ctx *c, int p, int round) {
    if (!c->ref_rec || c->record_round[p] == round) return 0;
    c->record_round[p] = round;
    int r = round < c->common ? round : c->common;
    if (r >= c->ref_rec_rounds) r = c->ref_rec_rounds - 1;
    const uint64_t *rec = NULL;
    for (; r >= 0; r--) {
        rec = c->ref_rec + 4 * ((size_t)r * c->P + p);
        if (rec[2] || rec[3]) break;
    }
    if (r < 0) return 0;
    u128 need = join(rec[0], rec[1]), payers = join(rec[2], rec[3]), gain = c->gain[r];
    u128 poor = (u128)c->total_weight[p] - payers;
    if (poor && gain > (((u128)1 << 126) / poor)) return 0;
    u128 slack = gain * poor;
    if (need <= slack) return 0;
    u128 kn = need - slack, kd = payers * c->cost[p];
    if (cmp_frac(kn, kd, c->kn[p], c->kd[p]) <= 0) return 0;
    c->kn[p] = kn, c->kd[p] = kd;
    c->key[p] = (double)kn / (double)kd;
    return 1;
}

/* Slope certificate (see the header and docs/allocation.md): over p's supporters with money at this start, in
   round `round` of a run whose winners so far are the reference's, the weight of those that certainly pay all
   they have here and still had money in the reference (ref_death >= round), each weighted by 1 + the rates
   (left, right sums) of the rounds it paid; the weight of those with money in the reference; the weight of
   all those paying the full share here. 0 when a supporter may or may not pay all it has (the certificate
   then does not apply). */
typedef struct {
    u128 left, right;        /* numerators, fixed point (ONE = 1) */
    int64_t poor, alive_ref; /* weights among the supporters with money in the reference */
    int64_t payers;          /* weight of all the supporters that pay the full share here */
} Exhausted;

#define RATE_SHIFT 32
#define RATE_ONE ((u128)1 << RATE_SHIFT)
#define RATE_CAP ((u128)1 << 80) /* n * (1 + sums) stays below 2**127 */

static int exhausted(Ctx *c, int p, int round, const int32_t *ref_death, Exhausted *out) {
    u128 need_lo = c->xln[p], payers_lo = c->xld[p], need_hi = c->xhn[p], payers_hi = c->xhd[p];
    if (payers_hi == 0) return 0;
    memset(out, 0, sizeof(*out));
    int32_t *it = c->items + c->pg_start[p];
    int64_t now = ++c->stamp_now;
    for (int i = 0, L = c->len[p]; i < L; i++) {
        int32_t g = it[i], k = c->cls[g];
        if (k < 0) continue;
        if (c->stamp[k] != now) { /* classify the class once: 1 poor, 0 rich */
            c->stamp[k] = now;
            int poor = c->chi[k] * payers_lo <= need_lo;
            if (!poor && c->clo[k] * payers_hi < need_hi) return 0;
            c->acc[k] = poor;
        }
        int64_t w = c->weight[g];
        if (!c->acc[k]) out->payers += w;
        if (ref_death[g] < round) continue;
        out->alive_ref += w;
        if (c->acc[k]) {
            out->poor += w;
            out->left += (u128)w * (RATE_ONE + c->lsum[k]);
            out->right += (u128)w * (RATE_ONE + c->rsum[k]);
        }
    }
    return 1;
}

/* Charge the winner's supporters: x lies in [xln/xld, xhn/xhd]. The classes that pay the full share add this
   round's rates to their sums; groups left with nothing get their death round. */
static void pay(Ctx *c, int w, int round, u128 left_rate, u128 right_rate, int32_t *death) {
    u128 need_lo = c->xln[w], payers_lo = c->xld[w], need_hi = c->xhn[w], payers_hi = c->xhd[w];
    u128 floor_lo = need_lo / payers_lo, ceil_hi = (need_hi + payers_hi - 1) / payers_hi;
    int32_t *it = c->items + c->pg_start[w];
    int L = c->len[w], touched = 0;
    for (int i = 0; i < L; i++) {
        int32_t g = it[i], k = c->cls[g];
        if (k < 0) continue;
        c->members[k]--;
        if (c->remap_round[k] == round + 1) {
            int32_t to = c->remap_to[k];
            c->cls[g] = to;
            if (to < 0) death[g] = round;
            else c->members[to]++;
            continue;
        }
        c->touched[touched++] = k;
        u128 lo = c->clo[k], hi = c->chi[k];
        int32_t to = -1;
        /* hi <= x_lo: it certainly pays all it has and is left with exactly nothing. */
        if (hi * payers_lo > need_lo) {
            u128 new_hi = hi > floor_lo ? hi - floor_lo : 0;
            if (new_hi > 0) {
                to = c->nfree ? c->free_ids[--c->nfree] : c->nclasses++;
                c->members[to] = 0;
                c->clo[to] = lo > ceil_hi ? lo - ceil_hi : 0;
                c->chi[to] = new_hi;
                c->remap_round[to] = 0;
                u128 l = c->lsum[k] + left_rate, r = c->rsum[k] + right_rate;
                c->lsum[to] = l < RATE_CAP ? l : RATE_CAP;
                c->rsum[to] = r < RATE_CAP ? r : RATE_CAP;
            }
        }
        c->remap_round[k] = round + 1;
        c->remap_to[k] = to;
        c->cls[g] = to;
        if (to < 0) death[g] = round;
        else c->members[to]++;
    }
    for (int i = 0; i < touched; i++)
        if (c->members[c->touched[i]] == 0) c->free_ids[c->nfree++] = c->touched[i];
    c->gathered = -1;
    c->active[w] = 0;
    for (int q = 0; q < c->P; q++)
        if (c->overlap[(size_t)w * c->P + q]) c->fresh[q] = 0;
}

static inline double as_double(u128 n, u128 d) { return (double)n / (double)d; }

/* Does competitor q stay above the reference's winner w at every start between the two runs? Simple proof:
   rho_q here > rho_w there (T). Otherwise the slope certificate: rho_q(t) >= rho_q(b) + left_q (b - t) / cost_q
   and rho_w(t) <= T - right_w (t - a) / cost_w, both linear in t, compared at both ends. The certificate is
   checked in floating point with a margin a million times the rounding error: it may only say "proven" when
   it is. */
static int stays_above(Ctx *c, int q, int w, int round, u128 tn, u128 td, u128 right_w, double delta,
                       const int32_t *ref_death) {
    /* rho_q(t) >= rho_q(b) >= T >= rho_w(t); on equality throughout the tie goes to the smaller index. */
    int simple = cmp_frac(c->kn[q], c->kd[q], tn, td);
    if (simple > 0 || (simple == 0 && q > w)) return 1;
    upper(c, q);
    if (!c->active[q]) return 1; /* it cannot pay here, nor at any smaller start */
    simple = cmp_frac(c->kn[q], c->kd[q], tn, td);
    if (simple > 0 || (simple == 0 && q > w)) return 1;
    Exhausted ex;
    if (!exhausted(c, q, round, ref_death, &ex)) return 0;
    if (ex.payers == 0) return 0;
    double left_q = (double)(ex.left / (u128)ex.payers) / (double)RATE_ONE;
    double right = (double)right_w / (double)RATE_ONE;
    double rho_q = as_double(c->kn[q], c->kd[q]), t = as_double(tn, td);
    double at_a = rho_q + left_q * delta / (double)c->cost[q];
    double at_b = t - right * delta / (double)c->cost[w];
    const double margin = 1e-9;
    return at_a > t + margin * (at_a + t) && rho_q > at_b + margin * (rho_q + t + right * delta / (double)c->cost[w]);
}

/* One run from `start` (scaled). ref_rounds < 0: no reference; otherwise the reference run's start, winners,
   upper bounds of their rho (four 64-bit words each) and death rounds per group; with `certify` 0 the
   reference only speeds the run up (carried bounds) and nothing is proven. Writes the winners to
   order_out, an upper bound of each winner's rho to rho_out and each group's death round to death_out;
   returns MES_OK or MES_UNCERTAIN. */
int mes_run(Ctx *c, uint64_t start_lo, uint64_t start_hi, int ref_rounds, uint64_t ref_start_lo,
            uint64_t ref_start_hi, const int32_t *ref_order, const uint64_t *ref_rho, const int32_t *ref_death,
            const uint64_t *ref_rec, int ref_rec_rounds, const uint64_t *ref_share, int32_t *order_out,
            uint64_t *rho_out, int32_t *death_out, uint64_t *rec_out, int rec_rounds, uint64_t *share_out,
            int32_t *rounds_out, int32_t *certified_out, int certify) {
    int P = c->P;
    u128 start = join(start_lo, start_hi);
    double delta = ref_rounds >= 0 ? (double)(start - join(ref_start_lo, ref_start_hi)) : 0;
    memcpy(c->items, c->pg_items, sizeof(int32_t) * c->E);
    for (int g = 0; g < c->G; g++) c->cls[g] = 0, death_out[g] = INT32_MAX;
    c->rec_out = rec_out, c->rec_rounds = rec_rounds, c->ref_rec_rounds = ref_rec_rounds;
    c->gathered = -1;
    c->ref_rec = ref_rounds >= 0 ? ref_rec : NULL;
    c->common = 0, c->matching = ref_rounds >= 0;
    c->gain[0] = ref_rounds >= 0 ? start - join(ref_start_lo, ref_start_hi) : 0;
    c->nclasses = 1, c->nfree = 0;
    c->members[0] = c->G;
    c->clo[0] = c->chi[0] = start;
    c->lsum[0] = c->rsum[0] = 0;
    c->remap_round[0] = 0;
    for (int p = 0; p < P; p++) {
        int64_t weight = c->total_weight[p];
        c->len[p] = c->pg_start[p + 1] - c->pg_start[p];
        c->active[p] = 1, c->fresh[p] = 0, c->exact[p] = 0;
        c->kn[p] = 1, c->kd[p] = (u128)weight; /* rho >= 1 / (weight of the supporters) */
        c->xln[p] = 0, c->xld[p] = 0, c->hd[p] = 0, c->upper_state[p] = UPPER_UNKNOWN;
        c->key[p] = 1.0 / (double)weight;
        c->record_round[p] = -1;
    }
    int certifying = ref_rounds >= 0 && certify, certified = 0, round = 0;
    for (;; round++) {
        int w;
        c->round_now = round;
    select:
        w = leader(c);
        if (w < 0) break;
        if (!c->fresh[w]) {
            if (!raise_by_record(c, w, round)) evaluate(c, w);
            goto select;
        }
        upper(c, w);
        int refreshed = 0;
        for (int q = 0; q < P; q++) {
            if (q == w || !c->active[q] || c->fresh[q]) continue;
            if (cmp_lower_upper(c, q, w) <= 0) {
                if (raise_by_record(c, q, round) && cmp_lower_upper(c, q, w) > 0) continue;
                evaluate(c, q);
                refreshed = 1;
            }
        }
        if (refreshed) goto select;
        if (c->hd[w] == 0) return MES_UNCERTAIN; /* the leader may not be affordable */
        for (int q = 0; q < P; q++) {
            if (q == w || !c->active[q]) continue;
            if (cmp_lower_upper(c, q, w) > 0) continue;
            /* Overlapping intervals: only an exact tie is decided (w has the smaller index, see leader). */
            upper(c, q);
            if (!c->active[q] || cmp_lower_upper(c, q, w) > 0) continue;
            if (!(c->exact[w] && c->exact[q] && cmp_frac(c->kn[q], c->kd[q], c->kn[w], c->kd[w]) == 0 && w < q))
                return MES_UNCERTAIN;
        }
        u128 left_rate = 0, right_rate = 0;
        if (certifying) {
            if (round >= ref_rounds || ref_order[round] != w) {
                certifying = 0;
            } else {
                Exhausted ex;
                if (exhausted(c, w, round, ref_death, &ex) && ex.payers > 0) {
                    left_rate = ex.left / (u128)ex.payers;
                    int64_t others = ex.alive_ref - ex.poor;
                    right_rate = others > 0 ? ex.right / (u128)others : 0;
                }
                u128 tn = join(ref_rho[4 * round], ref_rho[4 * round + 1]);
                u128 td = join(ref_rho[4 * round + 2], ref_rho[4 * round + 3]);
                for (int q = 0; q < P && certifying; q++) {
                    if (q == w || !c->active[q]) continue;
                    int simple = cmp_frac(c->kn[q], c->kd[q], tn, td);
                    if (simple > 0 || (simple == 0 && q > w)) continue;
                    if (!c->fresh[q] && raise_by_record(c, q, round)) {
                        simple = cmp_frac(c->kn[q], c->kd[q], tn, td);
                        if (simple > 0 || (simple == 0 && q > w)) continue;
                    }
                    if (!c->fresh[q] && !evaluate(c, q)) continue;
                    if (!stays_above(c, q, w, round, tn, td, right_rate, delta, ref_death)) certifying = 0;
                }
                if (certifying) certified = round + 1;
            }
        }
        /* Shares and G for the carried bounds: x_r here is at least floor(xln / xld). */
        u128 share_up = (c->xhn[w] + c->xhd[w] - 1) / c->xhd[w], share_down = c->xln[w] / c->xld[w];
        share_out[2 * round] = (uint64_t)share_up, share_out[2 * round + 1] = (uint64_t)(share_up >> 64);
        if (c->matching && round < ref_rounds && ref_order[round] == w) {
            u128 there = join(ref_share[2 * round], ref_share[2 * round + 1]);
            c->gain[round + 1] = c->gain[round] + (there > share_down ? there - share_down : 0);
            c->common = round + 1;
        } else {
            c->matching = 0;
        }
        order_out[round] = w;
        rho_out[4 * round] = (uint64_t)c->hn[w], rho_out[4 * round + 1] = (uint64_t)(c->hn[w] >> 64);
        rho_out[4 * round + 2] = (uint64_t)c->hd[w], rho_out[4 * round + 3] = (uint64_t)(c->hd[w] >> 64);
        pay(c, w, round, left_rate, right_rate, death_out);
    }
    if (certifying && round == ref_rounds) certified = round + 1;
    *rounds_out = round;
    *certified_out = certified;
    return MES_OK;
}
