using Grpc.Core;
using Pravega.Perf.Controller.Cluster;
using Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>Key-value tables (reference §1.16) and the bucket ownership report.</summary>
internal sealed partial class ControllerGrpcService
{
    public override async Task<CreateKeyValueTableStatus> createKeyValueTable(KeyValueTableConfig request, ServerCallContext context)
    {
        var scope = RpcArguments.NonEmpty(request.Scope, "scope");
        var name = RpcArguments.NonEmpty(request.KvtName, "kvtName");
        var result = await runtime.KeyValueTables.CreateKeyValueTableAsync(scope, name, ProtoMapping.ToModel(request), context.CancellationToken)
            .ConfigureAwait(false);
        return new CreateKeyValueTableStatus
        {
            Status = result.Status switch
            {
                OperationStatus.Success => CreateKeyValueTableStatus.Types.Status.Success,
                OperationStatus.KeyValueTableExists => CreateKeyValueTableStatus.Types.Status.TableExists,
                OperationStatus.ScopeNotFound => CreateKeyValueTableStatus.Types.Status.ScopeNotFound,
                OperationStatus.InvalidName => CreateKeyValueTableStatus.Types.Status.InvalidTableName,
                OperationStatus.InvalidArgument => throw RpcArguments.Invalid(result.Message!),
                _ => CreateKeyValueTableStatus.Types.Status.Failure,
            },
        };
    }

    /// <summary>The partitions and their key ranges; a missing table is NOT_FOUND (the message has no status field).</summary>
    public override async Task<SegmentRanges> getCurrentSegmentsKeyValueTable(KeyValueTableInfo request, ServerCallContext context)
    {
        var (scope, name) = KeyValueTable(request);
        var result = await runtime.KeyValueTables.GetCurrentSegmentsAsync(scope, name, context.CancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? Ranges(scope, name, result.Value!) : throw RpcArguments.NotFound(result.Message!);
    }

    public override async Task<KVTablesInScopeResponse> listKeyValueTablesInScope(KVTablesInScopeRequest request, ServerCallContext context)
    {
        var scope = RpcArguments.Scope(request.Scope);
        var page = await runtime.KeyValueTables.ListKeyValueTablesAsync(scope, request.ContinuationToken?.Token ?? string.Empty, runtime.Options.ListPageSize,
            context.CancellationToken).ConfigureAwait(false);
        if (page is null)
        {
            return new KVTablesInScopeResponse { Status = KVTablesInScopeResponse.Types.Status.ScopeNotFound };
        }
        var response = new KVTablesInScopeResponse
        {
            Status = KVTablesInScopeResponse.Types.Status.Success,
            ContinuationToken = new ContinuationToken { Token = page.ContinuationToken },
        };
        response.Kvtables.AddRange(page.Items.Select(name => new KeyValueTableInfo { Scope = scope, KvtName = name }));
        return response;
    }

    public override async Task<KeyValueTableConfigResponse> getKeyValueTableConfiguration(KeyValueTableInfo request, ServerCallContext context)
    {
        var (scope, name) = KeyValueTable(request);
        var result = await runtime.KeyValueTables.GetConfigurationAsync(scope, name, context.CancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? new KeyValueTableConfigResponse { Status = KeyValueTableConfigResponse.Types.Status.Success, Config = ProtoMapping.ToProto(scope, name, result.Value!) }
            : new KeyValueTableConfigResponse { Status = KeyValueTableConfigResponse.Types.Status.TableNotFound };
    }

    public override async Task<DeleteKVTableStatus> deleteKeyValueTable(KeyValueTableInfo request, ServerCallContext context)
    {
        var (scope, name) = KeyValueTable(request);
        var result = await runtime.KeyValueTables.DeleteKeyValueTableAsync(scope, name, context.CancellationToken).ConfigureAwait(false);
        return new DeleteKVTableStatus
        {
            Status = result.Status switch
            {
                OperationStatus.Success => DeleteKVTableStatus.Types.Status.Success,
                OperationStatus.KeyValueTableNotFound => DeleteKVTableStatus.Types.Status.TableNotFound,
                _ => DeleteKVTableStatus.Types.Status.Failure,
            },
        };
    }

    /// <summary>This controller owns every bucket of the service (a single controller; clusters are a later issue).</summary>
    public override Task<ControllerToBucketMappingResponse> getControllerToBucketMapping(ControllerToBucketMappingRequest request, ServerCallContext context)
    {
        var service = request.ServiceType switch
        {
            ControllerToBucketMappingRequest.Types.BucketType.RetentionService => BucketService.Retention,
            ControllerToBucketMappingRequest.Types.BucketType.WatermarkingService => BucketService.Watermarking,
            _ => throw RpcArguments.Invalid($"serviceType {(int)request.ServiceType} is neither RetentionService (0) nor WatermarkingService (1)"),
        };
        var response = new ControllerToBucketMappingResponse();
        foreach (var (controller, buckets) in runtime.Buckets.Mapping(service))
        {
            var ids = new BucketIds();
            ids.Id.AddRange(buckets);
            response.Mapping[controller] = ids;
        }
        return Task.FromResult(response);
    }

    private static (string Scope, string Name) KeyValueTable(KeyValueTableInfo info) =>
        (RpcArguments.NonEmpty(info.Scope, "scope"), RpcArguments.NonEmpty(info.KvtName, "kvtName"));
}
