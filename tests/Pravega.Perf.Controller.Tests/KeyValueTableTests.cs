using Pravega.Perf.Controller.Cluster;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests;

public sealed class KeyValueTableTests
{
    private static CancellationToken Token => TestController.Token;

    public static KeyValueTableConfiguration Config(int partitions = 4, int primary = 8, int secondary = 4) => new(partitions, primary, secondary, 0);

    private static IEnumerable<string> Partitions(TestController c, string name) =>
        c.Segments.Segments.Keys.Where(k => k.StartsWith($"scope/{name}_kvtable/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    [Fact]
    public async Task A_table_is_created_as_one_fixed_key_length_table_segment_per_partition_over_even_key_ranges()
    {
        var c = await TestController.StartWithScopeAsync();
        var kvts = c.Runtime.KeyValueTables;
        Assert.Equal(OperationStatus.Success, (await kvts.CreateKeyValueTableAsync("scope", "t", Config(), Token)).Status);
        Assert.Equal(["scope/t_kvtable/0.#epoch.0", "scope/t_kvtable/1.#epoch.0", "scope/t_kvtable/2.#epoch.0", "scope/t_kvtable/3.#epoch.0"], Partitions(c, "t"));
        Assert.All(Partitions(c, "t"), p => Assert.Equal(12, c.Segments.Segments[p].TableKeyLength));
        var segments = await kvts.GetCurrentSegmentsAsync("scope", "t", Token);
        Assert.True(segments.IsSuccess, segments.Message);
        Assert.Equal([0L, 1L, 2L, 3L], segments.Value!.Select(s => s.SegmentId));
        Assert.True(KeyRange.CoversExactly(segments.Value!.Select(s => s.Range), 0, 1), "the partitions cover [0, 1) exactly");
        Assert.Equal(0.25, segments.Value![1].KeyStart);
        Assert.Equal(Config(), (await kvts.GetConfigurationAsync("scope", "t", Token)).Value);
        Assert.Null(await c.Store.GetAsync(MetadataTables.Workflows, "KeyValueTable/scope/t", Token));
    }

    [Fact]
    public async Task Create_answers_exists_invalid_name_missing_scope_and_invalid_configuration_without_side_effects()
    {
        var c = await TestController.StartWithScopeAsync();
        var kvts = c.Runtime.KeyValueTables;
        await kvts.CreateKeyValueTableAsync("scope", "t", Config(), Token);
        Assert.Equal(OperationStatus.KeyValueTableExists, (await kvts.CreateKeyValueTableAsync("scope", "t", Config(partitions: 2), Token)).Status);
        Assert.Equal(OperationStatus.InvalidName, (await kvts.CreateKeyValueTableAsync("scope", "a/b", Config(), Token)).Status);
        Assert.Equal(OperationStatus.InvalidName, (await kvts.CreateKeyValueTableAsync("scope", "_internal", Config(), Token)).Status);
        Assert.Equal(OperationStatus.ScopeNotFound, (await kvts.CreateKeyValueTableAsync("nope", "t", Config(), Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await kvts.CreateKeyValueTableAsync("scope", "u", Config(partitions: 0), Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await kvts.CreateKeyValueTableAsync("scope", "u", Config(primary: 0), Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await kvts.CreateKeyValueTableAsync("scope", "u", Config(secondary: -1), Token)).Status);
        Assert.Equal(OperationStatus.InvalidArgument, (await kvts.CreateKeyValueTableAsync("scope", "u", Config(primary: 8192, secondary: 1), Token)).Status);
        Assert.Equal(OperationStatus.Success, (await kvts.CreateKeyValueTableAsync("scope", "v", Config(partitions: 1, secondary: 0), Token)).Status);
        Assert.Equal(4, Partitions(c, "t").Count());
        Assert.Empty(Partitions(c, "u"));
        Assert.Equal(4 + 1, c.Segments.Created.Count(n => n.Contains("_kvtable/", StringComparison.Ordinal)));
        Assert.Equal(4, (await kvts.GetConfigurationAsync("scope", "t", Token)).Value!.PartitionCount);
    }

    [Fact]
    public async Task Tables_are_listed_in_pages_and_a_missing_scope_lists_as_null()
    {
        var c = await TestController.StartWithScopeAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await c.Runtime.KeyValueTables.CreateKeyValueTableAsync("scope", name, Config(partitions: 1), Token);
        }
        var names = new List<string>();
        var token = string.Empty;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await c.Runtime.KeyValueTables.ListKeyValueTablesAsync("scope", token, 2, Token);
            Assert.NotNull(page);
            if (page.Items.Count == 0)
            {
                break;
            }
            Assert.True(page.Items.Count <= 2, "a page holds at most the page size");
            names.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        Assert.Equal(["a", "b", "c"], names);
        Assert.Null(await c.Runtime.KeyValueTables.ListKeyValueTablesAsync("nope", string.Empty, 2, Token));
    }

    [Fact]
    public async Task Delete_removes_the_partition_segments_then_the_table_which_a_new_creation_numbers_after_them()
    {
        var c = await TestController.StartWithScopeAsync();
        var kvts = c.Runtime.KeyValueTables;
        await kvts.CreateKeyValueTableAsync("scope", "t", Config(), Token);
        Assert.Equal(OperationStatus.Success, (await kvts.DeleteKeyValueTableAsync("scope", "t", Token)).Status);
        Assert.Empty(Partitions(c, "t"));
        Assert.Equal(OperationStatus.KeyValueTableNotFound, (await kvts.DeleteKeyValueTableAsync("scope", "t", Token)).Status);
        Assert.Equal(OperationStatus.KeyValueTableNotFound, (await kvts.GetConfigurationAsync("scope", "t", Token)).Status);
        Assert.Equal(OperationStatus.KeyValueTableNotFound, (await kvts.GetCurrentSegmentsAsync("scope", "t", Token)).Status);
        Assert.Empty((await kvts.ListKeyValueTablesAsync("scope", string.Empty, 10, Token))!.Items);
        Assert.Equal(OperationStatus.Success, (await kvts.CreateKeyValueTableAsync("scope", "t", Config(partitions: 2), Token)).Status);
        // Numbered after the deleted table's partitions, so a client still holding those never writes into the new table.
        Assert.Equal(["scope/t_kvtable/4.#epoch.0", "scope/t_kvtable/5.#epoch.0"], Partitions(c, "t"));
        Assert.Equal([4L, 5L], (await kvts.GetCurrentSegmentsAsync("scope", "t", Token)).Value!.Select(s => s.SegmentId));
    }

    [Fact]
    public async Task A_table_keeps_its_scope_from_a_plain_delete_and_a_recursive_delete_removes_it()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.KeyValueTables.CreateKeyValueTableAsync("scope", "t", Config(), Token);
        Assert.Equal(OperationStatus.ScopeNotEmpty, (await c.Runtime.Scopes.DeleteScopeAsync("scope", Token)).Status);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Scopes.DeleteScopeRecursiveAsync("scope", Token)).Status);
        Assert.Empty(c.Segments.Segments);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Scopes.CreateScopeAsync("scope", Token)).Status);
        Assert.Equal(OperationStatus.KeyValueTableNotFound, (await c.Runtime.KeyValueTables.GetConfigurationAsync("scope", "t", Token)).Status);
    }

    [Fact]
    public async Task A_scope_recorded_without_a_table_of_key_value_tables_lists_none_and_gets_one_on_first_create()
    {
        var c = await TestController.StartWithScopeAsync();
        // What a scope created before key-value tables existed looks like.
        await c.Store.DeleteTableAsync(MetadataTables.KeyValueTables("scope"), Token);
        Assert.Empty((await c.Runtime.KeyValueTables.ListKeyValueTablesAsync("scope", string.Empty, 10, Token))!.Items);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Scopes.DeleteScopeAsync("scope", Token)).Status);
        await c.Runtime.Scopes.CreateScopeAsync("scope", Token);
        await c.Store.DeleteTableAsync(MetadataTables.KeyValueTables("scope"), Token);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.KeyValueTables.CreateKeyValueTableAsync("scope", "t", Config(), Token)).Status);
        Assert.Equal(["t"], (await c.Runtime.KeyValueTables.ListKeyValueTablesAsync("scope", string.Empty, 10, Token))!.Items);
    }

    [Fact]
    public async Task The_single_controller_owns_every_bucket_of_each_service_under_an_id_drawn_at_each_start()
    {
        var c = new TestController(new ControllerOptions { RetentionBucketCount = 3 });
        var retention = c.Runtime.Buckets.Mapping(BucketService.Retention);
        var watermarking = c.Runtime.Buckets.Mapping(BucketService.Watermarking);
        var id = Assert.Single(retention).Key;
        Assert.Equal([0, 1, 2], retention[id]);
        Assert.Equal(Enumerable.Range(0, 100), watermarking[id]);
        Assert.True(Guid.TryParse(id, out _), $"the controller id '{id}' is a UUID, as Pravega's host id");
        await c.RestartAsync();
        Assert.NotEqual(id, Assert.Single(c.Runtime.Buckets.Mapping(BucketService.Retention)).Key);
    }
}
