using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

/// <summary>
/// Crashes a scenario at every single mutating file operation in turn (with torn writes and loss of everything not
/// synced), then recovers with a new epoch and checks: the state is exactly the acknowledged one or the acknowledged
/// one plus the operation in flight (never a mix, never doubled bytes), reconciliation leaves no orphan or temp file,
/// and the recovered segments accept writes again.
/// </summary>
public sealed class CrashConsistencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string A = "scope/stream/0";
    private const string B = "scope/stream/0#transaction.0000000000000000000000000000000b";
    private const string C = "scope/stream/2";

    private readonly ITestOutputHelper _output;

    public CrashConsistencyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(false, false, ChunkWriteMode.Buffered)]
    [InlineData(true, false, ChunkWriteMode.Buffered)]
    [InlineData(true, true, ChunkWriteMode.Buffered)]
    [InlineData(false, false, ChunkWriteMode.Direct)]
    [InlineData(true, false, ChunkWriteMode.Direct)]
    [InlineData(true, true, ChunkWriteMode.Direct)]
    public async Task ACrashAtAnyStepRecoversToTheAcknowledgedStateOrTheInFlightOneAndLeavesNoOrphans(bool tornWrites, bool compress, ChunkWriteMode mode)
    {
        var steps = Scenario();
        var crashes = 0;
        var sawInFlight = 0;
        var repairs = new ReconcileReport();
        for (var crashAt = 1; ; crashAt++)
        {
            using var dir = new TestDirectory();
            var fs = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance) { CrashAtOperation = crashAt, TornWrites = tornWrites, SimulateSyncs = true };
            var acked = new Dictionary<string, SegmentModel>();
            Dictionary<string, SegmentModel>? inFlight = null;
            string? crashedIn = null;
            await using (var storage = StorageFactory.Open(dir.Path, epoch: 1, maxChunk: 2048, compress: compress, fs: fs, mode: mode))
            {
                foreach (var step in steps)
                {
                    var next = Clone(acked);
                    step.Apply(next);
                    try
                    {
                        await step.Run(storage, acked);
                    }
                    catch (SimulatedCrashException)
                    {
                        inFlight = next;
                        crashedIn = step.Description;
                        break;
                    }
                    acked = next;
                }
            }
            if (crashedIn is null)
            {
                Assert.True(crashAt > 20, $"the scenario used only {crashAt - 1} mutating operations");
                break;
            }
            crashes++;
            fs.ApplyCrashLoss();

            var recoveryFs = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance) { SimulateSyncs = true };
            await using var recovered = StorageFactory.Open(dir.Path, epoch: 2, maxChunk: 2048, compress: compress, fs: recoveryFs, mode: mode);
            var report = await recovered.ReconcileAsync(Ct);
            repairs.OrphanChunksDeleted += report.OrphanChunksDeleted;
            repairs.ChunksTrimmed += report.ChunksTrimmed;
            repairs.TempFilesDeleted += report.TempFilesDeleted;
            repairs.ConcatsCompleted += report.ConcatsCompleted;
            repairs.ConcatsRolledBack += report.ConcatsRolledBack;
            repairs.DeletesCompleted += report.DeletesCompleted;
            repairs.CompressionLeftoversDeleted += report.CompressionLeftoversDeleted;
            var context = $"crash at operation {crashAt} in '{crashedIn}' (torn={tornWrites}, compress={compress}, {mode}); reconcile: {report}";
            Assert.True(report.MissingChunks.Count == 0, $"metadata points at missing bytes: {string.Join(", ", report.MissingChunks)}; {context}");
            var state = await ReadStateAsync(recovered);
            var matchesAcked = Same(state, acked);
            var matchesInFlight = Same(state, inFlight!);
            Assert.True(matchesAcked || matchesInFlight, $"recovered state is neither the acknowledged nor the in-flight one: {Describe(state)} vs acked {Describe(acked)}; {context}");
            sawInFlight += matchesInFlight && !matchesAcked ? 1 : 0;

            var again = await recovered.ReconcileAsync(Ct);
            Assert.True(again.OrphanChunksDeleted + again.TempFilesDeleted + again.ChunksTrimmed + again.CompressionLeftoversDeleted + again.ConcatsCompleted + again.ConcatsRolledBack + again.DeletesCompleted == 0,
                $"a second reconcile still repaired something: {again}; {context}");
            var referenced = new HashSet<string>();
            foreach (var name in state.Keys)
            {
                foreach (var chunk in await recovered.ListChunksAsync(name, Ct))
                {
                    referenced.Add(chunk.Name);
                }
            }
            Assert.True(dir.ChunkFiles().Length == referenced.Count, $"{dir.ChunkFiles().Length} chunk files for {referenced.Count} referenced chunks: {string.Join(", ", dir.ChunkFiles())}; {context}");

            foreach (var (name, model) in state)
            {
                if (!model.Sealed)
                {
                    await recovered.WriteAsync(name, model.Data.Count, new byte[] { 42 }, Ct);
                    var tail = new byte[1];
                    await recovered.ReadAsync(name, model.Data.Count, tail, Ct);
                    Assert.True(tail[0] == 42, $"write after recovery did not stick in '{name}'; {context}");
                }
            }
        }
        _output.WriteLine($"torn={tornWrites} compress={compress} {mode}: {crashes} crash points, {sawInFlight} recovered to the in-flight state; repairs over all: {repairs}");
        Assert.True(sawInFlight > 0, "no crash point ever recovered the in-flight operation: the crash points are not hitting late steps");
        Assert.True(repairs.OrphanChunksDeleted > 0 && repairs.TempFilesDeleted > 0 && repairs.ConcatsCompleted > 0 && repairs.ConcatsRolledBack > 0 && repairs.DeletesCompleted > 0,
            $"some repair path was never exercised: {repairs}");
        Assert.True(!tornWrites || repairs.ChunksTrimmed > 0, $"torn writes never left bytes to trim: {repairs}");
        Assert.True(!compress || repairs.CompressionLeftoversDeleted > 0, $"no interrupted compression was cleaned up: {repairs}");
    }

    private static List<CrashStep> Scenario()
    {
        var w1 = TestData.Events(1500, 1);
        var w2 = TestData.Events(3000, 2);
        var w3 = TestData.Events(2600, 3);
        var w4 = TestData.Events(1200, 4);
        var w5 = TestData.Events(700, 5);
        return
        [
            Create(A),
            Write(A, w1),
            Write(A, w2),
            Create(B),
            Write(B, w3),
            new("seal B", (s, _) => s.SealAsync(B, Ct).AsTask(), m => m[B] = m[B] with { Sealed = true }),
            Write(A, w4),
            new("concat B into A", (s, m) => s.ConcatAsync(A, m[A].Data.Count, B, Ct).AsTask(), m =>
            {
                m[A].Data.AddRange(m[B].Data);
                m.Remove(B);
            }),
            new("truncate A", (s, _) => s.TruncateAsync(A, 5000, Ct).AsTask(), m => m[A] = m[A] with { Start = 5000 }),
            Write(A, w5),
            Create(C),
            Write(C, w1),
            new("delete C", (s, _) => s.DeleteAsync(C, Ct).AsTask(), m => m.Remove(C)),
            new("seal A", (s, _) => s.SealAsync(A, Ct).AsTask(), m => m[A] = m[A] with { Sealed = true }),
        ];
    }

    private static CrashStep Create(string name) =>
        new($"create {name}", (s, _) => s.CreateAsync(name, Ct).AsTask(), m => m[name] = new SegmentModel([], 0, false));

    private static CrashStep Write(string name, byte[] data) =>
        new($"write {data.Length} to {name}", (s, m) => s.WriteAsync(name, m[name].Data.Count, data, Ct).AsTask(), m => m[name].Data.AddRange(data));

    private static async Task<Dictionary<string, SegmentModel>> ReadStateAsync(IChunkedSegmentStorage storage)
    {
        var state = new Dictionary<string, SegmentModel>();
        foreach (var name in new[] { A, B, C })
        {
            if (!await storage.ExistsAsync(name, Ct))
            {
                continue;
            }
            var info = await storage.GetInfoAsync(name, Ct);
            var data = new byte[info.Length];
            await storage.ReadAsync(name, info.StartOffset, data.AsMemory((int)info.StartOffset), Ct);
            state[name] = new SegmentModel([.. data], info.StartOffset, info.IsSealed);
        }
        return state;
    }

    private static bool Same(Dictionary<string, SegmentModel> actual, Dictionary<string, SegmentModel> expected) =>
        actual.Count == expected.Count && expected.All(e => actual.TryGetValue(e.Key, out var a)
            && a.Sealed == e.Value.Sealed && a.Start == e.Value.Start && a.Data.Count == e.Value.Data.Count
            && a.Data.Skip((int)a.Start).SequenceEqual(e.Value.Data.Skip((int)e.Value.Start)));

    private static Dictionary<string, SegmentModel> Clone(Dictionary<string, SegmentModel> model) =>
        model.ToDictionary(e => e.Key, e => e.Value.Copy());

    private static string Describe(Dictionary<string, SegmentModel> model) =>
        string.Join("; ", model.Select(e => $"{e.Key}: start={e.Value.Start} length={e.Value.Data.Count} sealed={e.Value.Sealed}"));
}
