using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests;

/// <summary>
/// A controller killed at every possible step of a workflow: the N-th metadata write throws (the process "dies" there),
/// a new controller starts on the same metadata and segments, and its recovery must finish the workflow exactly once,
/// leaving no pending state and nothing visible half-done.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static CancellationToken Token => TestController.Token;

    private sealed class SimulatedCrash() : Exception("simulated controller crash");

    public static TheoryData<string> Workflows() => ["create", "scale", "seal", "delete", "update", "truncate", "readergroup", "deletescope", "kvtcreate", "kvtdelete"];

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task A_workflow_interrupted_at_any_metadata_write_is_finished_exactly_once_by_the_next_controller(string workflow)
    {
        for (var crashAt = 1; ; crashAt++)
        {
            var c = await TestController.StartWithScopeAsync();
            await PrepareAsync(c, workflow);
            var writes = 0;
            c.Store.BeforeWrite = (_, _) =>
            {
                if (++writes == crashAt)
                {
                    throw new SimulatedCrash();
                }
            };
            var crashed = false;
            try
            {
                await RunAsync(c, workflow);
            }
            catch (SimulatedCrash)
            {
                crashed = true;
            }
            await c.RestartAsync();
            await CheckFinishedAsync(c, workflow, crashed);
            if (!crashed)
            {
                Assert.True(crashAt > 2, $"{workflow} wrote metadata only {crashAt - 1} time(s)");
                return;
            }
        }
    }

    private static async Task PrepareAsync(TestController c, string workflow)
    {
        if (workflow is "create" or "kvtcreate")
        {
            return;
        }
        if (workflow == "kvtdelete")
        {
            await c.Runtime.KeyValueTables.CreateKeyValueTableAsync("scope", "t", KeyValueTableTests.Config(), Token);
            return;
        }
        if (workflow == "readergroup")
        {
            await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
            return;
        }
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token);
        if (workflow == "delete")
        {
            await c.Runtime.Streams.SealStreamAsync("scope", "s", Token);
        }
        if (workflow == "deletescope")
        {
            await c.Runtime.KeyValueTables.CreateKeyValueTableAsync("scope", "t", KeyValueTableTests.Config(), Token);
        }
    }

    private static async Task RunAsync(TestController c, string workflow)
    {
        var streams = c.Runtime.Streams;
        _ = workflow switch
        {
            "create" => (await streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token)).Status,
            "scale" => (await streams.ScaleAsync("scope", "s", [0L], [new KeyRange(0, 0.25), new KeyRange(0.25, 0.5)], 0, Token)).Status,
            "seal" => (await streams.SealStreamAsync("scope", "s", Token)).Status,
            "delete" => (await streams.DeleteStreamAsync("scope", "s", Token)).Status,
            "update" => (await streams.UpdateStreamAsync("scope", "s", StreamConfiguration.Fixed(3), Token)).Status,
            "truncate" => (await streams.TruncateStreamAsync("scope", "s", new Dictionary<long, long> { [0] = 0, [1] = 0 }, Token)).Status,
            "readergroup" => (await c.Runtime.ReaderGroups.CreateReaderGroupAsync(ReaderGroupTests.Config("rg", "s"), Token)).Status,
            "deletescope" => (await c.Runtime.Scopes.DeleteScopeRecursiveAsync("scope", Token)).Status,
            "kvtcreate" => (await c.Runtime.KeyValueTables.CreateKeyValueTableAsync("scope", "t", KeyValueTableTests.Config(), Token)).Status,
            "kvtdelete" => (await c.Runtime.KeyValueTables.DeleteKeyValueTableAsync("scope", "t", Token)).Status,
            _ => throw new ArgumentOutOfRangeException(nameof(workflow)),
        };
    }

    private static async Task CheckFinishedAsync(TestController c, string workflow, bool crashed)
    {
        var pending = await c.Store.GetAsync(MetadataTables.Workflows, "Stream/scope/s", Token);
        Assert.True(pending is null, $"{workflow}: the workflow index still lists the stream after recovery");
        var view = await c.Runtime.Streams.GetStreamAsync("scope", "s", Token);
        switch (workflow)
        {
            case "create":
                // Interrupted before anything was recorded, a creation simply did not happen; otherwise it completed.
                if (view is not null)
                {
                    Assert.Equal(StreamState.Active, view.Head.State);
                    Assert.Equal(2, view.ActiveSegments.Count);
                    Assert.Equal(2, c.Segments.Created.Count(n => n.StartsWith("scope/s/", StringComparison.Ordinal)));
                    Assert.NotNull(await c.Runtime.Streams.GetStreamAsync("scope", "_MARKs", Token));
                }
                else
                {
                    Assert.True(crashed);
                    Assert.Equal(OperationStatus.Success, (await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token)).Status);
                }
                break;
            case "scale":
                Assert.NotNull(view);
                Assert.Equal(StreamState.Active, view.Head.State);
                Assert.Null(view.Head.PendingScale);
                if (view.Head.CurrentEpoch == 1)
                {
                    Assert.Equal(3, view.ActiveSegments.Count);
                    Assert.True(c.Segments.Segments["scope/s/0.#epoch.0"].Sealed);
                    Assert.Equal(4, c.Segments.Created.Count(n => n.StartsWith("scope/s/", StringComparison.Ordinal)));
                }
                else
                {
                    // Crashed before the intent was recorded: nothing happened, and the scale can be asked again.
                    Assert.Equal(0, view.Head.CurrentEpoch);
                    Assert.False(c.Segments.Segments["scope/s/0.#epoch.0"].Sealed);
                }
                break;
            case "seal":
                Assert.NotNull(view);
                Assert.True(view.Head.State is StreamState.Sealed or StreamState.Active);
                Assert.Equal(view.Head.State == StreamState.Sealed, c.Segments.Segments["scope/s/0.#epoch.0"].Sealed);
                break;
            case "delete":
                if (view is null)
                {
                    Assert.DoesNotContain(c.Segments.Segments.Keys, k => k.StartsWith("scope/s/", StringComparison.Ordinal) || k.StartsWith("scope/_MARKs/", StringComparison.Ordinal));
                }
                else
                {
                    Assert.Equal(StreamState.Sealed, view.Head.State);
                }
                break;
            case "update":
                Assert.NotNull(view);
                Assert.Equal(StreamState.Active, view.Head.State);
                Assert.Equal(view.Head.CurrentEpoch == 1 ? 3 : 2, view.ActiveSegments.Count);
                Assert.Equal(view.Head.CurrentEpoch == 1 ? 3 : 2, view.Head.Configuration.Scaling.MinNumSegments);
                break;
            case "truncate":
                Assert.NotNull(view);
                Assert.Equal(StreamState.Active, view.Head.State);
                Assert.Null(view.Head.PendingTruncation);
                break;
            case "readergroup":
                var config = await c.Runtime.ReaderGroups.GetConfigurationAsync("scope", "rg", Token);
                if (config.IsSuccess)
                {
                    Assert.NotNull(await c.Runtime.Streams.GetStreamAsync("scope", "_RGrg", Token));
                }
                else
                {
                    Assert.True((await c.Runtime.ReaderGroups.CreateReaderGroupAsync(ReaderGroupTests.Config("rg", "s"), Token)).IsSuccess);
                }
                break;
            case "deletescope":
                if (!await c.Runtime.Scopes.ScopeExistsAsync("scope", Token))
                {
                    Assert.Empty(c.Segments.Segments);
                    Assert.Null(await c.Store.GetAsync(MetadataTables.Workflows, "DeleteScope/scope/scope", Token));
                }
                break;
            case "kvtcreate" or "kvtdelete":
                await CheckKeyValueTableAsync(c, workflow, crashed);
                break;
        }
    }

    /// <summary>The table is either whole and active (4 partitions, created once each) or gone with its partitions.</summary>
    private static async Task CheckKeyValueTableAsync(TestController c, string workflow, bool crashed)
    {
        Assert.Null(await c.Store.GetAsync(MetadataTables.Workflows, "KeyValueTable/scope/t", Token));
        var partitions = c.Segments.Segments.Keys.Count(k => k.StartsWith("scope/t_kvtable/", StringComparison.Ordinal));
        var config = await c.Runtime.KeyValueTables.GetConfigurationAsync("scope", "t", Token);
        var record = await c.Store.GetAsync(MetadataTables.KeyValueTables("scope"), "t", Token);
        Assert.True(config.IsSuccess || record is null, $"{workflow}: a table left neither active nor gone");
        Assert.Equal(config.IsSuccess ? 4 : 0, partitions);
        Assert.True(c.Segments.Created.Count(n => n.StartsWith("scope/t_kvtable/", StringComparison.Ordinal)) <= 4, $"{workflow}: a partition was created twice");
        if (workflow == "kvtcreate" && !config.IsSuccess)
        {
            Assert.True(crashed);
            Assert.Equal(OperationStatus.Success, (await c.Runtime.KeyValueTables.CreateKeyValueTableAsync("scope", "t", KeyValueTableTests.Config(), Token)).Status);
        }
        if (workflow == "kvtdelete" && config.IsSuccess)
        {
            Assert.True(crashed);
            Assert.Equal(OperationStatus.Success, (await c.Runtime.KeyValueTables.DeleteKeyValueTableAsync("scope", "t", Token)).Status);
        }
    }
}
