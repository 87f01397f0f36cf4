using Grpc.Core;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Controller.Contracts.V1;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Controller;

/// <summary>
/// Key-value tables over real gRPC against a real segment store: each status of the KVT RPCs, and the partitions as
/// fixed-key-length table segments on the store that take keys of exactly primary + secondary bytes.
/// </summary>
public sealed class KeyValueTableRpcTests : IAsyncLifetime
{
    private ControllerHarness _h = null!;
    private SegmentStoreClient _segments = null!;

    private ControllerService.ControllerServiceClient C => _h.Client;

    public async ValueTask InitializeAsync()
    {
        _h = await ControllerHarness.StartAsync();
        _segments = new SegmentStoreClient(new FixedEndpointResolver(_h.Store.EndPoint), new SegmentStoreClientOptions { MaxAttempts = 1 });
    }

    public async ValueTask DisposeAsync()
    {
        await _segments.DisposeAsync();
        await _h.DisposeAsync();
    }

    private static KeyValueTableConfig Config(string scope, string name, int partitions = 4, int primary = 8, int secondary = 4) =>
        new() { Scope = scope, KvtName = name, PartitionCount = partitions, PrimaryKeyLength = primary, SecondaryKeyLength = secondary };

    private static KeyValueTableInfo Table(string scope, string name) => new() { Scope = scope, KvtName = name };

    [Fact]
    public async Task A_table_is_created_listed_described_and_deleted_with_its_partitions_on_the_store()
    {
        await _h.CreateScopeAsync("kv");
        Assert.Equal(CreateKeyValueTableStatus.Types.Status.Success, (await C.createKeyValueTableAsync(Config("kv", "t"), cancellationToken: Token)).Status);
        Assert.Equal(CreateKeyValueTableStatus.Types.Status.TableExists, (await C.createKeyValueTableAsync(Config("kv", "t"), cancellationToken: Token)).Status);
        Assert.Equal(CreateKeyValueTableStatus.Types.Status.InvalidTableName, (await C.createKeyValueTableAsync(Config("kv", "a b"), cancellationToken: Token)).Status);
        Assert.Equal(CreateKeyValueTableStatus.Types.Status.ScopeNotFound, (await C.createKeyValueTableAsync(Config("none", "t"), cancellationToken: Token)).Status);

        var ranges = (await C.getCurrentSegmentsKeyValueTableAsync(Table("kv", "t"), cancellationToken: Token)).SegmentRanges_;
        Assert.Equal([0L, 1L, 2L, 3L], ranges.Select(r => r.SegmentId.SegmentId_));
        Assert.All(ranges, r => Assert.Equal(("kv", "t"), (r.SegmentId.StreamInfo.Scope, r.SegmentId.StreamInfo.Stream)));
        Assert.Equal([0.0, 0.25, 0.5, 0.75], ranges.Select(r => r.MinKey));
        Assert.Equal(1.0, ranges[^1].MaxKey);

        for (var n = 0; n < 4; n++)
        {
            var partition = $"kv/t_kvtable/{n}.#epoch.0";
            Assert.True(await _h.SegmentExistsAsync(partition), $"partition {partition} exists on the store");
            var key = Enumerable.Repeat((byte)('a' + n), 12).ToArray();
            await _segments.UpdateTableEntriesAsync(partition, [new TableUpdate(key, new byte[] { (byte)n }, TableVersions.NoVersion)], Token);
            Assert.Equal([(byte)n], (await _segments.ReadTableAsync(partition, [key], Token))[0]!.Value.ToArray());
            var refused = await Assert.ThrowsAsync<SegmentStoreErrorException>(() =>
                _segments.UpdateTableEntriesAsync(partition, [new TableUpdate(new byte[11], new byte[1], TableVersions.NoVersion)], Token));
            Assert.Contains("has fixed 12-byte keys", refused.Message, StringComparison.Ordinal);
        }

        var listed = await C.listKeyValueTablesInScopeAsync(new KVTablesInScopeRequest { Scope = new ScopeInfo { Scope = "kv" } }, cancellationToken: Token);
        Assert.Equal(KVTablesInScopeResponse.Types.Status.Success, listed.Status);
        Assert.Equal(["t"], listed.Kvtables.Select(k => k.KvtName));
        var next = await C.listKeyValueTablesInScopeAsync(new KVTablesInScopeRequest { Scope = new ScopeInfo { Scope = "kv" }, ContinuationToken = listed.ContinuationToken },
            cancellationToken: Token);
        Assert.Empty(next.Kvtables);
        Assert.Equal(KVTablesInScopeResponse.Types.Status.ScopeNotFound,
            (await C.listKeyValueTablesInScopeAsync(new KVTablesInScopeRequest { Scope = new ScopeInfo { Scope = "none" } }, cancellationToken: Token)).Status);

        var config = await C.getKeyValueTableConfigurationAsync(Table("kv", "t"), cancellationToken: Token);
        Assert.Equal(KeyValueTableConfigResponse.Types.Status.Success, config.Status);
        Assert.Equal(Config("kv", "t"), config.Config);
        Assert.Equal(KeyValueTableConfigResponse.Types.Status.TableNotFound,
            (await C.getKeyValueTableConfigurationAsync(Table("kv", "zz"), cancellationToken: Token)).Status);

        Assert.Equal(DeleteKVTableStatus.Types.Status.Success, (await C.deleteKeyValueTableAsync(Table("kv", "t"), cancellationToken: Token)).Status);
        for (var n = 0; n < 4; n++)
        {
            Assert.False(await _h.SegmentExistsAsync($"kv/t_kvtable/{n}.#epoch.0"), $"partition {n} was deleted with the table");
        }
        Assert.Equal(DeleteKVTableStatus.Types.Status.TableNotFound, (await C.deleteKeyValueTableAsync(Table("kv", "t"), cancellationToken: Token)).Status);
        var missing = await Assert.ThrowsAsync<RpcException>(() => C.getCurrentSegmentsKeyValueTableAsync(Table("kv", "t"), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Malformed_requests_are_invalid_arguments_that_create_nothing()
    {
        await _h.CreateScopeAsync("kv");
        foreach (var bad in new[] { Config("kv", "t", partitions: 0), Config("kv", "t", primary: 0), Config("kv", "t", secondary: -1), Config("kv", "") })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => C.createKeyValueTableAsync(bad, cancellationToken: Token).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        }
        var noName = await Assert.ThrowsAsync<RpcException>(() => C.deleteKeyValueTableAsync(Table("kv", ""), cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noName.StatusCode);
        Assert.Empty((await C.listKeyValueTablesInScopeAsync(new KVTablesInScopeRequest { Scope = new ScopeInfo { Scope = "kv" } }, cancellationToken: Token)).Kvtables);
        Assert.False(await _h.SegmentExistsAsync("kv/t_kvtable/0.#epoch.0"));
    }

    [Fact]
    public async Task A_table_keeps_its_scope_from_a_plain_delete_and_goes_with_a_recursive_one()
    {
        await _h.CreateScopeAsync("kv");
        Assert.Equal(CreateKeyValueTableStatus.Types.Status.Success, (await C.createKeyValueTableAsync(Config("kv", "t", partitions: 2), cancellationToken: Token)).Status);
        Assert.Equal(DeleteScopeStatus.Types.Status.ScopeNotEmpty, (await C.deleteScopeAsync(new ScopeInfo { Scope = "kv" }, cancellationToken: Token)).Status);
        Assert.Equal(DeleteScopeStatus.Types.Status.Success, (await C.deleteScopeRecursiveAsync(new ScopeInfo { Scope = "kv" }, cancellationToken: Token)).Status);
        Assert.False(await _h.SegmentExistsAsync("kv/t_kvtable/0.#epoch.0"), "the recursive delete removed the table's partitions");
        Assert.False(await _h.SegmentExistsAsync("kv/t_kvtable/1.#epoch.0"), "the recursive delete removed the table's partitions");
    }

    [Fact]
    public async Task The_controller_reports_itself_as_owner_of_every_retention_and_watermarking_bucket()
    {
        var retention = await C.getControllerToBucketMappingAsync(
            new ControllerToBucketMappingRequest { ServiceType = ControllerToBucketMappingRequest.Types.BucketType.RetentionService }, cancellationToken: Token);
        var watermarking = await C.getControllerToBucketMappingAsync(
            new ControllerToBucketMappingRequest { ServiceType = ControllerToBucketMappingRequest.Types.BucketType.WatermarkingService }, cancellationToken: Token);
        var (controller, buckets) = Assert.Single(retention.Mapping);
        Assert.Equal([0], buckets.Id);
        Assert.Equal(Enumerable.Range(0, 100), watermarking.Mapping[controller].Id);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => C.getControllerToBucketMappingAsync(
            new ControllerToBucketMappingRequest { ServiceType = (ControllerToBucketMappingRequest.Types.BucketType)7 }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
    }
}
