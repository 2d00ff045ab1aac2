"""Views of the participation API. Thin: a selector reads, a service writes (and enforces the `rules`
permission), a serializer renders. Refusals become JSON errors in `errors.api_exception_handler`.

To add a resource later (funded projects, updates, associations — issue 5): one output serializer and one
viewset reading from a selector, registered on the router of its app's `api/urls.py` (see docs/api.md)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from participation import selectors_api
from participation.exceptions import InvalidInputError
from participation.models import Comment, Process, Proposal
from participation.services import comments as comment_services
from participation.services import follows as follow_services
from participation.services import proposals as proposal_services
from participation.services import supports as support_services

from . import filters, serializers
from .base import ApiViewSet, id_or_404, slug_or_404


def _proposal_or_404(pk, viewer) -> Proposal:
    try:
        return selectors_api.proposal_for_action(pk=id_or_404(pk), viewer=viewer)
    except Proposal.DoesNotExist as error:
        raise NotFound from error


def _proposal_detail_response(pk, request, *, status_code=status.HTTP_200_OK) -> Response:
    try:
        proposal = selectors_api.proposal_detail(pk=pk, viewer=request.user)
    except Proposal.DoesNotExist as error:
        raise NotFound from error
    return Response(serializers.ProposalDetailSerializer(proposal).data, status=status_code)


@extend_schema_view(
    list=extend_schema(operation_id="areas_list", summary="Areas (villages, districts)"),
    retrieve=extend_schema(operation_id="areas_retrieve", summary="One area"),
)
class AreaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.AreaSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["position", "name", "id"]

    def get_queryset(self):
        return selectors_api.area_list()


@extend_schema_view(
    list=extend_schema(operation_id="categories_list", summary="Categories of proposals"),
    retrieve=extend_schema(operation_id="categories_retrieve", summary="One category"),
)
class CategoryViewSet(AreaViewSet):
    serializer_class = serializers.CategorySerializer

    def get_queryset(self):
        return selectors_api.category_list()


@extend_schema_view(
    list=extend_schema(operation_id="processes_list", summary="Published participatory processes"),
    retrieve=extend_schema(operation_id="processes_retrieve", summary="One process, with its phases"),
)
class ProcessViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.ProcessSerializer
    lookup_field = "slug"
    filter_backends = [OrderingFilter]
    ordering_fields = ["created_at", "updated_at", "title", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors_api.process_list()

    @extend_schema(
        methods=["POST"],
        operation_id="processes_follow_create",
        summary="Follow a process",
        request=None,
        responses={200: serializers.FollowStateSerializer},
    )
    @extend_schema(
        methods=["DELETE"],
        operation_id="processes_follow_destroy",
        summary="Stop following a process",
        request=None,
        responses={200: serializers.FollowStateSerializer},
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        try:
            process = selectors_api.process_for_action(slug=slug_or_404(slug))
        except Process.DoesNotExist as error:
            raise NotFound from error
        if request.method == "POST":
            follow_services.follow_add(actor=request.user, process=process)
        else:
            follow_services.follow_remove(actor=request.user, process=process)
        return Response({"following": request.method == "POST"})


@extend_schema_view(
    list=extend_schema(operation_id="phases_list", summary="Phases of the published processes"),
    retrieve=extend_schema(operation_id="phases_retrieve", summary="One phase"),
)
class PhaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = serializers.PhaseSerializer
    filterset_class = filters.PhaseFilter
    ordering_fields = ["start_at", "end_at", "position", "id"]

    def get_queryset(self):
        return selectors_api.phase_list()


class ProposalViewSet(mixins.ListModelMixin, ApiViewSet):
    """Proposals: public ones in the list; one proposal as the viewer may see it (a draft for its author and
    staff only); the writes of residents and the transitions of staff, each through its service."""

    filterset_class = filters.ProposalFilter
    ordering_fields = ["created_at", "supports_count", "comments_count", "state_changed_at", "id"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors_api.proposal_list()

    def get_serializer_class(self):
        return serializers.ProposalListSerializer

    @extend_schema(operation_id="proposals_list", summary="Public proposals (never drafts)")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="proposals_retrieve",
        summary="One proposal with its public timeline",
        responses={200: serializers.ProposalDetailSerializer},
    )
    def retrieve(self, request, pk=None):
        return _proposal_detail_response(id_or_404(pk), request)

    @extend_schema(
        operation_id="proposals_create",
        summary="Write a draft (and submit it with `submit: true`)",
        request=serializers.ProposalCreateSerializer,
        responses={201: serializers.ProposalDetailSerializer},
    )
    def create(self, request):
        data = _valid(serializers.ProposalCreateSerializer, request)
        try:
            process = selectors_api.process_for_action(slug=data.pop("process"))
        except Process.DoesNotExist as error:
            raise NotFound from error
        submitting = data.pop("submit")
        with transaction.atomic():
            proposal = proposal_services.proposal_create(actor=request.user, process=process, **data)
            if submitting:
                proposal_services.proposal_submit(actor=request.user, proposal=proposal)
        return _proposal_detail_response(proposal.pk, request, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="proposals_partial_update",
        summary="Edit a draft or a submitted proposal (the author); `submit: true` submits a draft",
        request=serializers.ProposalWriteSerializer,
        responses={200: serializers.ProposalDetailSerializer},
    )
    def partial_update(self, request, pk=None):
        proposal = _proposal_or_404(pk, request.user)
        serializer = serializers.ProposalWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        given = serializer.validated_data
        fields = {
            name: given.get(name, getattr(proposal, name))
            for name in ("title", "body", "area", "category", "latitude", "longitude")
        }
        with transaction.atomic():
            proposal_services.proposal_update(actor=request.user, proposal=proposal, **fields)
            if given.get("submit"):
                proposal_services.proposal_submit(actor=request.user, proposal=proposal)
        return _proposal_detail_response(proposal.pk, request)

    def _transition(self, request, pk, service, input_serializer=None, **extra):
        proposal = _proposal_or_404(pk, request.user)
        data = _valid(input_serializer, request) if input_serializer else {}
        data.update(extra)
        service(actor=request.user, proposal=proposal, **data)
        return _proposal_detail_response(proposal.pk, request)

    @extend_schema(
        operation_id="proposals_submit",
        summary="Submit a draft (the author)",
        request=None,
        responses={200: serializers.ProposalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, pk, proposal_services.proposal_submit)

    @extend_schema(
        operation_id="proposals_withdraw",
        summary="Withdraw a proposal (the author)",
        request=None,
        responses={200: serializers.ProposalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._transition(request, pk, proposal_services.proposal_withdraw)

    @extend_schema(
        operation_id="proposals_admit",
        summary="Admit to debate (moderators, administrators)",
        request=None,
        responses={200: serializers.ProposalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        return self._transition(request, pk, proposal_services.proposal_admit)

    @extend_schema(
        operation_id="proposals_reject",
        summary="Reject with a reason (staff, evaluators)",
        request=serializers.ProposalRejectSerializer,
        responses={200: serializers.ProposalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        proposal = _proposal_or_404(pk, request.user)
        data = _valid(serializers.ProposalRejectSerializer, request)
        duplicate_of = None
        if data["duplicate_of"] is not None:
            # Any proposal the service can judge (it must be public and of the same process).
            duplicate_of = Proposal.objects.filter(pk=data["duplicate_of"]).first()
        proposal_services.proposal_reject(
            actor=request.user,
            proposal=proposal,
            reason=data["reason"],
            public_reason=data["public_reason"],
            duplicate_of=duplicate_of,
        )
        return _proposal_detail_response(proposal.pk, request)

    @extend_schema(
        operation_id="proposals_accept",
        summary="Accept with a cost estimate and a public answer (evaluators, administrators)",
        request=serializers.ProposalAcceptSerializer,
        responses={200: serializers.ProposalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(
            request, pk, proposal_services.proposal_accept, serializers.ProposalAcceptSerializer
        )

    @extend_schema(
        operation_id="proposals_hide",
        summary="Hide a proposal (moderators, administrators)",
        request=serializers.HideSerializer,
        responses={200: serializers.ProposalDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        return self._transition(request, pk, proposal_services.proposal_hide, serializers.HideSerializer)

    @extend_schema(
        methods=["POST"],
        operation_id="proposals_support_create",
        summary="Support a proposal",
        request=None,
        responses={200: serializers.SupportStateSerializer},
    )
    @extend_schema(
        methods=["DELETE"],
        operation_id="proposals_support_destroy",
        summary="Withdraw one's support",
        request=None,
        responses={200: serializers.SupportStateSerializer},
    )
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, pk=None):
        proposal = _proposal_or_404(pk, request.user)
        if request.method == "POST":
            support_services.support_add(actor=request.user, proposal=proposal)
        else:
            support_services.support_remove(actor=request.user, proposal=proposal)
        count = Proposal.objects.values_list("supports_count", flat=True).get(pk=proposal.pk)
        return Response({"supporting": request.method == "POST", "supports_count": count})

    @extend_schema(
        methods=["POST"],
        operation_id="proposals_follow_create",
        summary="Follow a proposal",
        request=None,
        responses={200: serializers.FollowStateSerializer},
    )
    @extend_schema(
        methods=["DELETE"],
        operation_id="proposals_follow_destroy",
        summary="Stop following a proposal",
        request=None,
        responses={200: serializers.FollowStateSerializer},
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, pk=None):
        proposal = _proposal_or_404(pk, request.user)
        if request.method == "POST":
            follow_services.follow_add(actor=request.user, proposal=proposal)
        else:
            follow_services.follow_remove(actor=request.user, proposal=proposal)
        return Response({"following": request.method == "POST"})


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        operation_id="comments_list",
        summary="Comments of public proposals (hidden and deleted ones without their text)",
    ),
)
class CommentViewSet(mixins.ListModelMixin, ApiViewSet):
    serializer_class = serializers.CommentSerializer
    filterset_class = filters.CommentFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["created_at", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors_api.comment_list()

    def _comment_or_404(self, pk) -> Comment:
        try:
            return selectors_api.comment_for_action(pk=id_or_404(pk), viewer=self.request.user)
        except Comment.DoesNotExist as error:
            raise NotFound from error

    @extend_schema(operation_id="comments_retrieve", summary="One comment")
    def retrieve(self, request, pk=None):
        return Response(serializers.CommentSerializer(self._comment_or_404(pk)).data)

    @extend_schema(
        operation_id="comments_create",
        summary="Comment on a proposal in debate, or reply",
        request=serializers.CommentCreateSerializer,
        responses={201: serializers.CommentSerializer},
    )
    def create(self, request):
        data = _valid(serializers.CommentCreateSerializer, request)
        proposal = _proposal_or_404(data["proposal"], request.user)
        parent = None
        if data["parent"] is not None:
            parent = Comment.objects.filter(pk=data["parent"], proposal=proposal).first()
            if parent is None:
                raise _invalid("parent", _("Reply to a comment of this proposal."))
        comment = comment_services.comment_create(
            actor=request.user,
            proposal=proposal,
            body=data["body"],
            alignment=data["alignment"],
            parent=parent,
        )
        return Response(
            serializers.CommentSerializer(self._comment_or_404(comment.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        operation_id="comments_partial_update",
        summary="Edit one's comment while the debate is open",
        request=serializers.CommentUpdateSerializer,
        responses={200: serializers.CommentSerializer},
    )
    def partial_update(self, request, pk=None):
        comment = self._comment_or_404(pk)
        data = _valid(serializers.CommentUpdateSerializer, request)
        comment_services.comment_update(actor=request.user, comment=comment, **data)
        return Response(serializers.CommentSerializer(self._comment_or_404(comment.pk)).data)

    @extend_schema(
        operation_id="comments_hide",
        summary="Hide a comment with a reason (moderators, administrators)",
        request=serializers.HideSerializer,
        responses={200: serializers.CommentSerializer},
    )
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        comment = self._comment_or_404(pk)
        data = _valid(serializers.HideSerializer, request)
        comment_services.comment_hide(actor=request.user, comment=comment, reason=data["reason"])
        return Response(serializers.CommentSerializer(self._comment_or_404(comment.pk)).data)

    @extend_schema(
        operation_id="comments_destroy",
        summary="Delete one's comment (its text is erased)",
        request=None,
        responses={204: OpenApiResponse(description="Deleted.")},
    )
    def destroy(self, request, pk=None):
        comment = self._comment_or_404(pk)
        comment_services.comment_delete(actor=request.user, comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _invalid(field, message):
    return InvalidInputError(field_errors={field: [message]})
