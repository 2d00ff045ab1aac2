from django.urls import path

from . import views

process = "processes/<slug:slug>/"
budget = process + "budgets/<slug:budget_slug>/"

urlpatterns = [
    path(process + "budgets/", views.budget_list, name="budget_list"),
    path(budget, views.budget_detail, name="budget_detail"),
    path(budget + "basket/add/", views.basket_add, name="basket_add"),
    path(budget + "basket/remove/", views.basket_remove, name="basket_remove"),
    path(budget + "checkout/", views.budget_checkout, name="budget_checkout"),
    path(budget + "results/", views.budget_results, name="budget_results"),
    path(budget + "results/ballots.csv", views.budget_ballots_csv, name="budget_ballots_csv"),
    path(budget + "results/ballots.pb", views.budget_ballots_pabulib, name="budget_ballots_pabulib"),
    path(process + "vote/receipt/", views.vote_receipt, name="vote_receipt"),
    path(process + "vote/receipt.pdf", views.vote_receipt_pdf, name="vote_receipt_pdf"),
    path(process + "vote/verify/", views.vote_verify, name="vote_verify"),
    path(process + "vote/code/", views.vote_code, name="vote_code"),
    path(process + "vote/code/forget/", views.vote_code_forget, name="vote_code_forget"),
    path(process + "vote/lookup/", views.ballot_lookup, name="ballot_lookup"),
]
