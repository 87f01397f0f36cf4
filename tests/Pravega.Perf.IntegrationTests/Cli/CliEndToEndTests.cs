using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Cli;

/// <summary>
/// The user verbs of the real <c>pravega</c> executable, each a separate process, against a standalone process: keyed
/// writes read back complete and in per-key order, again after a SIGKILL and a restart on the same folder, and across
/// a scale made while a <c>stream write</c> runs; and every kind of bad input with its documented exit code and one line.
/// </summary>
[Trait("Category", "Cli")]
public sealed class CliEndToEndTests
{
    private const int Keys = 8;

    [Fact]
    public async Task Keyed_events_survive_a_kill_and_a_scale_in_per_key_order()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-cli-").FullName;
        try
        {
            List<string> first;
            await using (var standalone = await PravegaProcess.StartStandaloneAsync(directory, PravegaProcess.FreePort(), PravegaProcess.FreePort(), Token))
            {
                var controller = $"tcp://127.0.0.1:{standalone.EndPoint.Port}";
                await Ok("scope", "create", "demo", "--controller", controller);
                await Ok("stream", "create", "demo/events", "--segments", "2", "--controller", controller);
                await Ok("stream", "write", "demo/events", "--count", "10000", "--size", "64", "--keys", $"{Keys}", "--controller", controller);
                first = [.. (await Ok("stream", "read", "demo/events", "--controller", controller)).Lines];
                Assert.Equal(10_000, first.Count);
                EventOrder.AssertComplete(first, 10_000, Keys);

                var missing = await CliRun.RunAsync(Token, "stream", "read", "demo/nothing", "--controller", controller);
                Assert.True(missing.ExitCode == 4, missing.ToString());
                Assert.Contains("pravega stream create demo/nothing", missing.Error);
                standalone.Kill();
            }

            await using (var again = await PravegaProcess.StartStandaloneAsync(directory, PravegaProcess.FreePort(), PravegaProcess.FreePort(), Token))
            {
                var controller = $"tcp://127.0.0.1:{again.EndPoint.Port}";
                var second = (await Ok("stream", "read", "demo/events", "--controller", controller)).Lines;
                Assert.Equal(first.Order(StringComparer.Ordinal), second.Order(StringComparer.Ordinal));
                Assert.Equal(EventOrder.ByKey(first).ToDictionary(p => p.Key, p => string.Join(',', p.Value)), EventOrder.ByKey(second).ToDictionary(p => p.Key, p => string.Join(',', p.Value)));

                // Scale while a writer runs: a stdin writer (--keys routes line n to key-(n mod 8), as the lines say) stays
                // alive until its input closes, so the scale lands between its two halves, deterministically.
                using var writer = CliRun.Start(["stream", "write", "demo/events", "--keys", $"{Keys}", "--controller", controller]);
                var stderr = writer.StandardError.ReadToEndAsync(Token);
                await WriteLinesAsync(writer, 0, 20_000);
                await WaitForMoreThanAsync(controller, 10_000 * (64 + 8) + 5_000 * 24L);
                await Ok("stream", "scale", "demo/events", "--segments", "3", "--controller", controller);
                // (Not `await stderr` as the message: arguments are evaluated first, and stderr ends only when the writer does.)
                Assert.False(writer.HasExited, "the stdin writer ended before the scale");
                await WriteLinesAsync(writer, 20_000, 40_000);
                writer.StandardInput.Close();
                using (var bound = CancellationTokenSource.CreateLinkedTokenSource(Token))
                {
                    bound.CancelAfter(TimeSpan.FromSeconds(60));
                    await writer.WaitForExitAsync(bound.Token);
                }
                Assert.True(writer.ExitCode == 0, await stderr);

                var info = JsonDocument.Parse((await Ok("stream", "info", "demo/events", "--json", "--controller", controller)).Out).RootElement;
                Assert.Equal(1, info.GetProperty("epoch").GetInt32());
                Assert.Equal(3, info.GetProperty("segments").GetArrayLength());

                var all = EventOrder.ByKey((await Ok("stream", "read", "demo/events", "--controller", controller)).Lines);
                for (var k = 0; k < Keys; k++)
                {
                    var expected = Enumerable.Range(0, 10_000).Concat(Enumerable.Range(0, 40_000)).Where(i => i % Keys == k).Select(i => (long)i);
                    Assert.Equal(expected, all[$"key-{k}"]);
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Key_value_table_and_reader_group_verbs_answer_as_documented()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-cli-kvt-").FullName;
        try
        {
            await using var standalone = await PravegaProcess.StartStandaloneAsync(directory, PravegaProcess.FreePort(), PravegaProcess.FreePort(), Token);
            var controller = $"tcp://127.0.0.1:{standalone.EndPoint.Port}";
            await Ok("scope", "create", "k", "--controller", controller);

            await Ok("kvt", "create", "k/t", "--partitions", "2", "--key-length", "8", "--controller", controller);
            await Ok("kvt", "put", "k/t", "alpha", "one", "--controller", controller);
            await Ok("kvt", "put", "k/t", "beta", "two", "--controller", controller);
            await Ok("kvt", "put", "k/t", "alpha", "uno", "--controller", controller);
            Assert.Equal("uno", (await Ok("kvt", "get", "k/t", "alpha", "--controller", controller)).Out.Trim());
            var missingKey = await CliRun.RunAsync(Token, "kvt", "get", "k/t", "nothing", "--controller", controller);
            Assert.True(missingKey.ExitCode == 4, missingKey.ToString());
            var entries = JsonDocument.Parse((await Ok("kvt", "list", "k/t", "--json", "--controller", controller)).Out).RootElement.GetProperty("entries");
            Assert.Equal(["alpha=uno", "beta=two"],
                entries.EnumerateArray().Select(e => $"{e.GetProperty("key").GetString()}={e.GetProperty("value").GetString()}").Order(StringComparer.Ordinal));
            var missingTable = await CliRun.RunAsync(Token, "kvt", "get", "k/none", "alpha", "--controller", controller);
            Assert.True(missingTable.ExitCode == 4, missingTable.ToString());

            // A reader group exists while a following read runs: list shows it, info shows its reader and positions.
            await Ok("stream", "create", "k/s", "--segments", "2", "--controller", controller);
            await Ok("stream", "write", "k/s", "--count", "1000", "--size", "50", "--keys", "4", "--controller", controller);
            using var follower = CliRun.Start(["stream", "read", "k/s", "--follow", "--controller", controller]);
            try
            {
                var stdout = follower.StandardOutput.ReadToEndAsync(Token);
                string? group = null;
                for (var attempt = 0; attempt < 100 && group is null; attempt++)
                {
                    var groups = JsonDocument.Parse((await Ok("readergroup", "list", "k", "--json", "--controller", controller)).Out).RootElement.GetProperty("readerGroups");
                    group = groups.GetArrayLength() > 0 ? groups[0].GetString() : null;
                    if (group is null)
                    {
                        await Task.Delay(100, Token);
                    }
                }
                Assert.NotNull(group);
                var info = JsonDocument.Parse((await Ok("readergroup", "info", $"k/{group}", "--json", "--controller", controller)).Out).RootElement;
                Assert.Equal(group, info.GetProperty("readerGroup").GetString());
                Assert.True(info.GetProperty("readers").GetArrayLength() == 1, info.ToString());
                var noGroup = await CliRun.RunAsync(Token, "readergroup", "info", "k/nope", "--controller", controller);
                Assert.True(noGroup.ExitCode == 4, noGroup.ToString());
            }
            finally
            {
                follower.Kill(entireProcessTree: true);
                await follower.WaitForExitAsync(Token);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_input_gets_its_exit_code_and_one_line()
    {
        await AssertFails(2, "frobnicate", "frobnicate");
        await AssertFails(2, "--bogus", "scope", "list", "--bogus");
        await AssertFails(2, "not a valid scope name", "scope", "create", "bad name!");
        await AssertFails(2, "<scope>/<stream>", "stream", "create", "nostream");
        await AssertFails(2, "--size", "stream", "write", "a/b", "--count", "1", "--size", "ten");
        await AssertFails(3, "pravega standalone", "scope", "list", "--controller", $"tcp://127.0.0.1:{PravegaProcess.FreePort()}");

        var directory = Directory.CreateTempSubdirectory("pravega-cli-bad-").FullName;
        try
        {
            // A port already in use: the controller's.
            using var held = new TcpListener(IPAddress.Any, 0);
            held.Start();
            var port = ((IPEndPoint)held.LocalEndpoint).Port;
            await AssertFails(6, "port is already in use", "standalone", "--data-dir", Path.Combine(directory, "a"), "--port", $"{port}",
                "--segmentstore-port", $"{PravegaProcess.FreePort()}");

            // A data folder that cannot be made (its parent is a regular file): deterministic even as root.
            var file = Path.Combine(directory, "file");
            await File.WriteAllTextAsync(file, "not a folder", Token);
            await AssertFails(6, "--data-dir", "standalone", "--data-dir", Path.Combine(file, "data"), "--port", $"{PravegaProcess.FreePort()}",
                "--segmentstore-port", $"{PravegaProcess.FreePort()}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<CliResult> Ok(params string[] arguments)
    {
        var result = await CliRun.RunAsync(Token, arguments);
        Assert.True(result.ExitCode == 0, $"pravega {string.Join(' ', arguments)}: {result}");
        return result;
    }

    private static async Task AssertFails(int code, string hint, params string[] arguments)
    {
        var result = await CliRun.RunAsync(Token, arguments);
        Assert.True(result.ExitCode == code, $"pravega {string.Join(' ', arguments)}: expected exit {code}, {result}");
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"pravega {string.Join(' ', arguments)}: one line expected on stderr, got: {result.Error}");
        Assert.StartsWith("pravega: ", lines[0]);
        Assert.Contains(hint, lines[0]);
        Assert.DoesNotContain("   at ", result.Error);
    }

    private static async Task WriteLinesAsync(System.Diagnostics.Process writer, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            await writer.StandardInput.WriteLineAsync($"key-{i % Keys} {i:D10}");
        }
        await writer.StandardInput.FlushAsync(Token);
    }

    private static async Task WaitForMoreThanAsync(string controller, long bytes)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var info = JsonDocument.Parse((await Ok("stream", "info", "demo/events", "--json", "--controller", controller)).Out).RootElement;
            if (info.GetProperty("bytes").GetInt64() > bytes)
            {
                return;
            }
            await Task.Delay(50, Token);
        }
        Assert.Fail("the writer wrote nothing in time");
    }
}
