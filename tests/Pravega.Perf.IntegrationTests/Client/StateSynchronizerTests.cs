using Pravega.Perf.Client;
using Pravega.Perf.Client.State;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>The revisioned stream client and state synchronizer on a real stream: conditional writes, lost races, compaction.</summary>
public sealed class StateSynchronizerTests
{
    private static async Task<(ControllerHarness Harness, ClientConfig Config)> StartAsync()
    {
        var h = await ControllerHarness.StartAsync();
        await h.CreateScopeAsync("sc");
        await h.CreateStreamAsync("sc", "state", 1);
        return (h, new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{h.Controller.Address!.Port}") });
    }

    [Fact]
    public async Task Of_two_conditional_writes_at_one_revision_exactly_one_is_stored_and_reads_return_records_in_order()
    {
        var (h, config) = await StartAsync();
        await using var _ = h;
        await using var factory = SynchronizerClientFactory.WithScope("sc", config);
        var a = await factory.CreateRevisionedStreamClientAsync("state", new Utf8StringSerializer(), Token);
        var b = await factory.CreateRevisionedStreamClientAsync("state", new Utf8StringSerializer(), Token);
        var start = await a.FetchLatestRevisionAsync(Token);
        var first = await a.WriteConditionallyAsync(start, "one", Token);
        Assert.NotNull(first);
        Assert.Null(await b.WriteConditionallyAsync(start, "two", Token));
        var second = await b.WriteConditionallyAsync(first.Value, "two", Token);
        await a.WriteUnconditionallyAsync("three", Token);

        var records = new List<RevisionedRecord<string>>();
        await foreach (var record in a.ReadFromAsync(await a.FetchOldestRevisionAsync(Token), Token))
        {
            records.Add(record);
        }
        Assert.Equal(["one", "two", "three"], records.Select(r => r.Value));
        Assert.Equal(first, records[0].Next);
        Assert.Equal(second, records[1].Next);
        Assert.Equal(records[1].Revision, records[0].Next);
    }

    private sealed record Counter(int Value, string LastWriter);

    private sealed class CounterSerializer : ISerializer<Counter>
    {
        public ReadOnlyMemory<byte> Serialize(Counter value) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value);

        public Counter Deserialize(ReadOnlyMemory<byte> bytes) => System.Text.Json.JsonSerializer.Deserialize<Counter>(bytes.Span)!;
    }

    [Fact]
    public async Task Concurrent_updates_from_several_synchronizers_all_apply_and_compaction_keeps_the_latest_state_readable()
    {
        var (h, config) = await StartAsync();
        await using var _ = h;
        await using var factory = SynchronizerClientFactory.WithScope("sc", config);
        var members = new List<StateSynchronizer<Counter>>();
        for (var i = 0; i < 3; i++)
        {
            var client = await factory.CreateRevisionedStreamClientAsync("state", new CounterSerializer(), Token);
            members.Add(new StateSynchronizer<Counter>(client) { CompactionThreshold = 2048 });
        }
        Assert.True(await members[0].InitializeAsync(new Counter(0, ""), Token));
        Assert.False(await members[1].InitializeAsync(new Counter(100, "late"), Token));
        Assert.Equal(0, members[1].State!.Value);

        await Task.WhenAll(members.Select((m, i) => Task.Run(async () =>
        {
            for (var n = 0; n < 40; n++)
            {
                await m.UpdateStateAsync(c => c with { Value = c.Value + 1, LastWriter = "m" + i }, Token);
            }
        }, Token)));

        foreach (var member in members)
        {
            await member.FetchUpdatesAsync(Token);
            Assert.Equal(120, member.State!.Value);
        }
        var fresh = new StateSynchronizer<Counter>(await factory.CreateRevisionedStreamClientAsync("state", new CounterSerializer(), Token));
        var oldest = await (await factory.CreateRevisionedStreamClientAsync("state", new CounterSerializer(), Token)).FetchOldestRevisionAsync(Token);
        Assert.True(oldest.Offset > 0, "compaction truncated nothing");
        await fresh.FetchUpdatesAsync(Token);
        Assert.Equal(120, fresh.State!.Value);
        Assert.Equal(120, (await fresh.UpdateStateAsync(_ => null, Token)).Value);
        foreach (var member in members.Append(fresh))
        {
            member.Dispose();
        }
    }
}
