using Pravega.Perf.Common;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.SegmentStore.Server;
using Pravega.Perf.Testing.SegmentStore;
using Pravega.Perf.Transport.InMemory;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// Acks are ordered per container, not per connection: a writer whose segment lives in another container is never
/// held behind a container whose log is slow (Pravega orders acks per writer only).
/// </summary>
public sealed class AckLaneTests
{
    [Fact]
    public async Task An_append_to_another_container_is_acknowledged_while_a_stalled_containers_append_waits()
    {
        var token = TestContext.Current.CancellationToken;
        var slow = Segments.NewName("slow");
        var fast = Segments.NewName("fast");
        var memory = new InMemorySegmentStore(containerCount: 2);
        var store = await memory.StartAsync(o => o.ContainerMapper = s => s.StartsWith("slow", StringComparison.Ordinal) ? 0 : 1);
        var factory = new InMemoryConnectionListenerFactory();
        var server = new SegmentStoreServer(store, new SegmentStoreServerOptions { ListenAddress = "127.0.0.1", Port = 0 }, null, factory);
        try
        {
            await server.StartAsync(token);
            await using var connection = factory.Listener!.Connect();
            var replies = new ReplyReader(connection.Input);
            var slowWriter = Uuid.NewRandom();
            var fastWriter = Uuid.NewRandom();
            var blocks = new AppendBlockWriter(connection.Output, new FixedAppendBlockSize(0));
            blocks.WriteCommand(new Hello(17, 5));
            blocks.WriteCommand(new CreateSegment(1, slow, 0, 0, string.Empty, 0));
            blocks.WriteCommand(new CreateSegment(2, fast, 0, 0, string.Empty, 0));
            blocks.WriteCommand(new SetupAppend(3, slowWriter, slow, string.Empty));
            blocks.WriteCommand(new SetupAppend(4, fastWriter, fast, string.Empty));
            await connection.Output.FlushAsync(token);
            var setup = await replies.UntilAsync(5, _ => false, token);
            Assert.True(setup.Count(r => r.Type == WireCommandType.AppendSetup) == 2, $"both sessions set up: [{Describe(setup)}]");

            memory.Devices[0].CloseGate();
            blocks.Append(slowWriter, 1, Segments.Payload(1, 40));
            blocks.Append(fastWriter, 1, Segments.Payload(2, 40));
            await connection.Output.FlushAsync(token);
            var first = await replies.UntilAsync(int.MaxValue, r => r.Type == WireCommandType.DataAppended, token);
            Assert.True(first[^1].WriterId == fastWriter,
                $"the fast container's append is acknowledged first while the slow one's log is stalled: [{Describe(first)}]");

            memory.Devices[0].OpenGate();
            var second = await replies.UntilAsync(int.MaxValue, r => r.Type == WireCommandType.DataAppended, token);
            Assert.True(second[^1].WriterId == slowWriter && second[^1].EventNumber == 1,
                $"the stalled append is acknowledged once its log moves: [{Describe(second)}]");
        }
        finally
        {
            memory.Devices[0].OpenGate();
            await server.StopAsync(token);
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_acks_of_one_group_commit_leave_in_one_write()
    {
        const int Writers = 20;
        var token = TestContext.Current.CancellationToken;
        var segment = Segments.NewName("group");
        var memory = new InMemorySegmentStore(containerCount: 1);
        var store = await memory.StartAsync();
        var factory = new InMemoryConnectionListenerFactory();
        var server = new SegmentStoreServer(store, new SegmentStoreServerOptions { ListenAddress = "127.0.0.1", Port = 0 }, null, factory);
        try
        {
            await server.StartAsync(token);
            // The reader runs inline on the flushing thread, so every flush of the server is a read here.
            await using var connection = factory.Listener!.Connect(new System.IO.Pipelines.PipeOptions(
                readerScheduler: System.IO.Pipelines.PipeScheduler.Inline, useSynchronizationContext: false));
            var replies = new ReplyReader(connection.Input);
            var writers = Enumerable.Range(0, Writers).Select(_ => Uuid.NewRandom()).ToArray();
            var blocks = new AppendBlockWriter(connection.Output, new FixedAppendBlockSize(0));
            blocks.WriteCommand(new Hello(17, 5));
            blocks.WriteCommand(new CreateSegment(1, segment, 0, 0, string.Empty, 0));
            for (var i = 0; i < Writers; i++)
            {
                blocks.WriteCommand(new SetupAppend(2 + i, writers[i], segment, string.Empty));
            }
            await connection.Output.FlushAsync(token);
            var setup = await replies.UntilAsync(2 + Writers, _ => false, token);
            Assert.True(setup.Count(r => r.Type == WireCommandType.AppendSetup) == Writers, $"every session set up: [{Describe(setup)}]");

            // With the log stalled the appends pile up in a few frames (the one the log writer holds, the open one
            // behind it): each frame's acks must leave in one flush, not one flush per ack.
            var device = memory.Devices[0];
            var writesBefore = device.Writes;
            device.CloseGate();
            for (var i = 0; i < Writers; i++)
            {
                blocks.Append(writers[i], 1, Segments.Payload(i, 40));
            }
            await connection.Output.FlushAsync(token);
            var readsBefore = replies.ReadsWithAcks;
            device.OpenGate();
            var acks = await replies.UntilAsync(Writers, _ => false, token);

            Assert.True(acks.All(r => r.Type == WireCommandType.DataAppended), $"every append is acknowledged: [{Describe(acks)}]");
            Assert.True(acks.Select(r => r.WriterId).Distinct().Count() == Writers, $"one ack per writer: [{Describe(acks)}]");
            var reads = replies.ReadsWithAcks - readsBefore;
            var frames = device.Writes - writesBefore;
            Assert.True(reads <= frames,
                $"{Writers} acks of {frames} frame(s) arrived in {reads} separate flushes; expected at most one flush per frame");
        }
        finally
        {
            memory.Devices[0].OpenGate();
            await server.StopAsync(token);
            await store.DisposeAsync();
        }
    }

    private static string Describe(IEnumerable<Reply> replies) =>
        string.Join(", ", replies.Select(r => r.Type == WireCommandType.DataAppended ? $"DataAppended({r.WriterId}, {r.EventNumber})" : r.Type.ToString()));

    private readonly record struct Reply(WireCommandType Type, Uuid WriterId, long EventNumber);

    /// <summary>Reads reply frames from the server side of an in-memory connection.</summary>
    private sealed class ReplyReader(System.IO.Pipelines.PipeReader input)
    {
        private readonly Queue<Reply> _buffered = new();

        /// <summary>How many reads of the input brought at least one ack (each read sees what one or more flushes sent).</summary>
        public int ReadsWithAcks { get; private set; }

        /// <summary>Reads until <paramref name="count"/> replies or one matching <paramref name="stop"/>.</summary>
        public async Task<List<Reply>> UntilAsync(int count, Func<Reply, bool> stop, CancellationToken token)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
            deadline.CancelAfter(TimeSpan.FromSeconds(20));
            var replies = new List<Reply>();
            while (true)
            {
                while (_buffered.TryDequeue(out var reply))
                {
                    replies.Add(reply);
                    if (replies.Count >= count || stop(reply))
                    {
                        return replies;
                    }
                }
                var result = await input.ReadAsync(deadline.Token);
                var buffer = result.Buffer;
                var sawAck = false;
                while (FrameReader.TryReadFrame(buffer, out var frame))
                {
                    if (frame.Type == WireCommandType.DataAppended)
                    {
                        sawAck = true;
                        var ack = DataAppended.Read(frame.Payload);
                        _buffered.Enqueue(new Reply(frame.Type, ack.WriterId, ack.EventNumber));
                    }
                    else
                    {
                        _buffered.Enqueue(new Reply(frame.Type, default, 0));
                    }
                    buffer = buffer.Slice(frame.End);
                }
                ReadsWithAcks += sawAck ? 1 : 0;
                input.AdvanceTo(buffer.Start, buffer.End);
                Assert.False(result.IsCompleted && _buffered.Count == 0, $"the server closed after [{Describe(replies)}]");
            }
        }
    }
}
