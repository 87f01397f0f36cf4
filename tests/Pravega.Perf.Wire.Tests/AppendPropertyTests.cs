using System.Buffers;
using CsCheck;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Events;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

/// <summary>
/// Property: whatever the block size and the interleaving of writers, timer ticks and other commands, what
/// <see cref="AppendBlockWriter"/> writes is read back by <see cref="RequestReader"/> as the same events per
/// writer, in order, with consistent counts and event numbers.
/// </summary>
public class AppendPropertyTests
{
    private static readonly Uuid[] Writers = [new(1, 1), new(2, 2), new(3, 3)];

    /// <summary>kind 0–5 append (writer = kind % 3), 6 close the open block, 7 timer tick, 8 keep-alive.</summary>
    private static readonly Gen<(int Kind, int Size)> Operation = Gen.Select(Gen.Int[0, 8], Gen.Int[0, 300]);

    [Fact]
    public void EveryInterleavingOfAppendsReassemblesIntoTheSameEventsPerWriter()
    {
        Gen.Select(Gen.Int[0, 700], Operation.Array[1, 60], Gen.Int[1, 64]).Sample((blockSize, operations, cut) =>
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = new AppendBlockWriter(output, new FixedAppendBlockSize(blockSize));
            var expected = Writers.ToDictionary(w => w, _ => new List<(long Number, byte[] Payload)>());
            for (var i = 0; i < Writers.Length; i++)
            {
                writer.WriteCommand(new SetupAppend(100 + i, Writers[i], $"scope/stream/{i}.#epoch.0", ""));
            }
            var number = 0L;
            var token = -1L;
            foreach (var (kind, size) in operations)
            {
                switch (kind)
                {
                    case < 6:
                        var id = Writers[kind % 3];
                        var payload = Enumerable.Range(0, size).Select(b => (byte)(b + number)).ToArray();
                        writer.Append(id, ++number, payload);
                        expected[id].Add((number, payload));
                        break;
                    case 6:
                        writer.CloseOpenBlock();
                        break;
                    case 7:
                        token = writer.BatchTimeout(token);
                        break;
                    default:
                        writer.WriteCommand(new KeepAlive());
                        break;
                }
            }
            writer.CloseOpenBlock();
            Assert.False(writer.HasOpenBlock, "closed at the end");

            var actual = Writers.ToDictionary(w => w, _ => new List<(long Number, byte[] Payload)>());
            var reader = new RequestReader();
            var bytes = output.WrittenSpan.ToArray();
            var buffer = Segmented.Chunked(bytes, cut);
            while (reader.TryRead(buffer, out var request, out var consumed))
            {
                buffer = buffer.Slice(consumed);
                if (!request.IsAppend)
                {
                    continue;
                }
                var append = request.Append;
                var events = new EventFrameReader(new ReadOnlySequence<byte>(append.Data.ToArray()));
                var count = 0;
                while (events.TryReadNext(out var payload))
                {
                    actual[append.WriterId].Add((0, payload.ToArray()));
                    count++;
                }
                Assert.True(events.Remaining.IsEmpty, "an append holds whole events only");
                Assert.Equal(count, append.EventCount);
                Assert.Equal(100 + Array.IndexOf(Writers, append.WriterId), append.RequestId);
                var list = actual[append.WriterId];
                list[^1] = (append.LastEventNumber, list[^1].Payload);
            }
            Assert.True(buffer.IsEmpty, "everything written is read back");
            foreach (var id in Writers)
            {
                var want = expected[id];
                var got = actual[id];
                Assert.Equal(want.Select(e => Hex.Format(e.Payload)), got.Select(e => Hex.Format(e.Payload)));
                // Each append's last event number is the number its last event was appended with.
                for (var i = 0; i < got.Count; i++)
                {
                    Assert.True(got[i].Number == 0 || got[i].Number == want[i].Number,
                        $"writer {id}: append ending at event {i} says last event number {got[i].Number}, the event was {want[i].Number}");
                }
            }
        }, seed: new PCG(2026).ToString(), iter: 400, threads: 1);
    }
}
