using Grpc.Core;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

internal sealed partial class ControllerGrpcService
{
    public override async Task<CreateScopeStatus> createScope(ScopeInfo request, ServerCallContext context)
    {
        var scope = RpcArguments.Scope(request, "scopeInfo");
        var result = await runtime.Scopes.CreateScopeAsync(scope, context.CancellationToken).ConfigureAwait(false);
        return new CreateScopeStatus
        {
            Status = result.Status switch
            {
                OperationStatus.Success => CreateScopeStatus.Types.Status.Success,
                OperationStatus.ScopeExists => CreateScopeStatus.Types.Status.ScopeExists,
                OperationStatus.InvalidName => CreateScopeStatus.Types.Status.InvalidScopeName,
                _ => CreateScopeStatus.Types.Status.Failure,
            },
        };
    }

    public override async Task<ExistsResponse> checkScopeExists(ScopeInfo request, ServerCallContext context) =>
        new() { Exists = await runtime.Scopes.ScopeExistsAsync(RpcArguments.Scope(request, "scopeInfo"), context.CancellationToken).ConfigureAwait(false) };

    public override async Task<ScopesResponse> listScopes(ScopesRequest request, ServerCallContext context)
    {
        var page = await runtime.Scopes.ListScopesAsync(request.ContinuationToken?.Token ?? string.Empty, runtime.Options.ListPageSize, context.CancellationToken)
            .ConfigureAwait(false);
        var response = new ScopesResponse { ContinuationToken = new ContinuationToken { Token = page.ContinuationToken } };
        response.Scopes.AddRange(page.Items);
        return response;
    }

    public override async Task<DeleteScopeStatus> deleteScope(ScopeInfo request, ServerCallContext context) =>
        DeleteStatus(await runtime.Scopes.DeleteScopeAsync(RpcArguments.Scope(request, "scopeInfo"), context.CancellationToken).ConfigureAwait(false));

    public override async Task<DeleteScopeStatus> deleteScopeRecursive(ScopeInfo request, ServerCallContext context) =>
        DeleteStatus(await runtime.Scopes.DeleteScopeRecursiveAsync(RpcArguments.Scope(request, "scopeInfo"), context.CancellationToken).ConfigureAwait(false));

    public override Task<StreamsInScopeResponse> listStreamsInScope(StreamsInScopeRequest request, ServerCallContext context) =>
        ListStreamsAsync(RpcArguments.Scope(request.Scope), request.ContinuationToken?.Token, null, context);

    public override Task<StreamsInScopeResponse> listStreamsInScopeForTag(StreamsInScopeWithTagRequest request, ServerCallContext context)
    {
        var tag = RpcArguments.NonEmpty(request.Tag, "tag");
        return ListStreamsAsync(RpcArguments.Scope(request.Scope), request.ContinuationToken?.Token,
            view => view.Head.Configuration.Tags.Contains(tag, StringComparer.Ordinal), context);
    }

    private async Task<StreamsInScopeResponse> ListStreamsAsync(string scope, string? token, Func<Streams.StreamView, bool>? filter, ServerCallContext context)
    {
        var page = await runtime.Scopes.ListStreamsAsync(scope, token ?? string.Empty, runtime.Options.ListPageSize, filter, context.CancellationToken)
            .ConfigureAwait(false);
        if (page is null)
        {
            return new StreamsInScopeResponse { Status = StreamsInScopeResponse.Types.Status.ScopeNotFound };
        }
        var response = new StreamsInScopeResponse
        {
            Status = StreamsInScopeResponse.Types.Status.Success,
            ContinuationToken = new ContinuationToken { Token = page.ContinuationToken },
        };
        response.Streams.AddRange(page.Items.Select(s => new StreamInfo { Scope = scope, Stream = s }));
        return response;
    }

    private static DeleteScopeStatus DeleteStatus(OperationResult<bool> result) => new()
    {
        Status = result.Status switch
        {
            OperationStatus.Success => DeleteScopeStatus.Types.Status.Success,
            OperationStatus.ScopeNotFound => DeleteScopeStatus.Types.Status.ScopeNotFound,
            OperationStatus.ScopeNotEmpty => DeleteScopeStatus.Types.Status.ScopeNotEmpty,
            _ => DeleteScopeStatus.Types.Status.Failure,
        },
    };
}
