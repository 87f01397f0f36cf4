using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common.Hashing;
using Pravega.Perf.JavaCompat;
using ProtoStreamInfo = Pravega.Perf.Controller.Contracts.V1.StreamInfo;

// write <controller> <scope>: 100 keyed events to <scope>/fromdotnet (3 segments), for ReadFromDotnet.java.
// txnwrite <controller> <scope>: the same 100 events inside one .NET transaction, committed (waits until COMMITTED).
// read <controller> <scope>: reads <scope>/fromjava (written by WriteForDotnet.java) through a .NET reader group and
// checks the count, per-key order, and that each event sits in the segment whose key range holds its key's hash.
// kvtwrite / kvtread <controller> <scope>: the key-value table exchange with KvtFromDotnet.java / KvtForDotnet.java.
if (args.Length != 3 || args[0] is not ("write" or "txnwrite" or "read" or "kvtwrite" or "kvtread"))
{
    Console.Error.WriteLine("usage: DotnetSide write|txnwrite|read|kvtwrite|kvtread <controller uri> <scope>");
    return 64;
}
var config = new ClientConfig { ControllerUri = new Uri(args[1]) };
var scope = args[2];
if (args[0] == "kvtwrite")
{
    return await KvtCompat.WriteAsync(config, scope);
}
if (args[0] == "kvtread")
{
    return await KvtCompat.ReadAsync(config, scope);
}
await using var factory = EventStreamClientFactory.WithScope(scope, config);
if (args[0] is "write" or "txnwrite")
{
    await using var streams = new StreamManager(config);
    await streams.CreateScopeAsync(scope);
    await streams.CreateStreamAsync(scope, "fromdotnet", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(3) });
    if (args[0] == "txnwrite")
    {
        await using var transactional = factory.CreateTransactionalWriter("fromdotnet", new Utf8StringSerializer());
        var txn = await transactional.BeginTransactionAsync();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => txn.WriteEventAsync("key-" + (i % 5), $"key-{i % 5}:{i}")));
        await txn.CommitAsync();
        Console.WriteLine($".NET committed a transaction of 100 events to {scope}/fromdotnet: {await txn.WaitUntilCompletedAsync()}");
        return 0;
    }
    await using var writer = await factory.CreateEventWriterAsync("fromdotnet", new Utf8StringSerializer());
    await Task.WhenAll(Enumerable.Range(0, 100).Select(i => writer.WriteEventAsync("key-" + (i % 5), $"key-{i % 5}:{i}")));
    Console.WriteLine($".NET wrote 100 events to {scope}/fromdotnet");
    return 0;
}

var stream = new ScopedStream(scope, "fromjava");
using var controller = new ControllerClient(config);
var ranges = (await controller.CallAsync((c, o) => c.getCurrentSegmentsAsync(new ProtoStreamInfo { Scope = scope, Stream = "fromjava" }, o), CancellationToken.None))
    .SegmentRanges_.ToDictionary(r => r.SegmentId.SegmentId_, r => (r.MinKey, r.MaxKey));
await using var groups = ReaderGroupManager.WithScope(scope, config);
var group = "dotnet" + Guid.NewGuid().ToString("N")[..8];
await groups.CreateReaderGroupAsync(group, ReaderGroupConfig.ForStream(stream));
await using var reader = await factory.CreateReaderAsync("r", group, new Utf8StringSerializer());
var read = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
var misplaced = 0;
for (var empty = 0; read.Values.Sum(l => l.Count) < 100 && empty < 10;)
{
    var e = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(1));
    if (!e.HasEvent)
    {
        empty++;
        continue;
    }
    var parts = e.Event!.Split(':');
    (read.TryGetValue(parts[0], out var list) ? list : read[parts[0]] = []).Add(int.Parse(parts[1]));
    var (low, high) = ranges[e.Pointer!.Value.Segment.SegmentId];
    var hash = RoutingKeyHash.Hash(parts[0]);
    misplaced += hash >= low && hash < high ? 0 : 1;
}
var total = read.Values.Sum(l => l.Count);
var ordered = read.Values.All(l => l.Zip(l.Skip(1)).All(p => p.First < p.Second));
Console.WriteLine($".NET read {total} events written by the Java client; per-key order {(ordered ? "OK" : "BROKEN")}; events outside their key's segment: {misplaced}");
var ok = total == 100 && ordered && misplaced == 0;
Console.WriteLine("INTEROP RESULT: " + (ok ? "OK" : "MISMATCH"));
return ok ? 0 : 1;
