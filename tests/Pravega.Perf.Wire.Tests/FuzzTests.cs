using System.Buffers;
using System.Buffers.Binary;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

/// <summary>
/// Random and mutated input (seeded, so every run sees the same 120,000 inputs): the decoders throw nothing but
/// <see cref="WireProtocolException"/>, every successful read consumes bytes (no loops), and a false answer
/// ("need more") consumes nothing.
/// </summary>
public class FuzzTests
{
    private const int Inputs = 120_000;

    [Fact]
    public void MutatedAndRandomFramesOnlyEverFailWithAProtocolError()
    {
        var corpus = WireVectorFile.Vectors.Select(v => v.Frame)
            .Concat(WireVectorFile.Scenarios.Select(s => s.Stream))
            .ToArray();
        var random = new Random(20261201);
        var outcomes = new int[3];
        for (var n = 0; n < Inputs; n++)
        {
            var input = Mutate(random, corpus[random.Next(corpus.Length)], corpus);
            var cuts = random.Next(4) == 0 ? [random.Next(1, Math.Max(2, input.Length))] : Array.Empty<int>();
            var buffer = Segmented.Split(input, cuts);
            // Described only when something fails: formatting 120,000 descriptions would dominate the run.
            var what = new Lazy<string>(() => $"input {n} ({Hex.Format(input.AsSpan(0, Math.Min(64, input.Length)))}…, {input.Length} bytes, cuts [{string.Join(",", cuts)}])");
            Survive(() => ReadFrames(buffer, what), what);
            outcomes[Survive(() => ReadRequests(buffer, input.Length, what), what)]++;
            Survive(() => ReadEvents(buffer, what), what);
        }
        // The mutations must reach all three outcomes, or the fuzzer is not exploring.
        Assert.True(outcomes.All(c => c > 1000), $"outcomes: read to the end {outcomes[0]}, need more {outcomes[1]}, protocol error {outcomes[2]}");
    }

    /// <summary>Runs a decode; returns its outcome, 2 for a protocol error; fails the test on any other exception.</summary>
    private static int Survive(Func<int> decode, Lazy<string> what)
    {
        try
        {
            return decode();
        }
        catch (WireProtocolException)
        {
            return 2;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{what.Value} threw {ex}");
            return -1;
        }
    }

    /// <summary>Every frame decoded as its command; 0 = all bytes consumed, 1 = stopped at "need more".</summary>
    private static int ReadFrames(ReadOnlySequence<byte> buffer, Lazy<string> what)
    {
        while (FrameReader.TryReadFrame(buffer, out var frame))
        {
            if (buffer.Slice(0, frame.End).Length != frame.TotalLength)
            {
                Assert.Fail($"{what.Value}: a frame must consume its header and payload");
            }
            _ = WireCommandDecoder.Decode(frame.Type, frame.Payload);
            buffer = buffer.Slice(frame.End);
        }
        return buffer.IsEmpty ? 0 : 1;
    }

    /// <summary>The bytes read as segment data (EVENT frames).</summary>
    private static int ReadEvents(ReadOnlySequence<byte> buffer, Lazy<string> what)
    {
        var events = new Events.EventFrameReader(buffer);
        var previous = -1L;
        while (events.TryReadNext(out _))
        {
            if (events.Consumed <= previous)
            {
                Assert.Fail($"{what.Value}: the event reader did not advance");
            }
            previous = events.Consumed;
        }
        return events.Remaining.IsEmpty ? 0 : 1;
    }

    /// <summary>The request stream with append reassembly; same outcomes.</summary>
    private static int ReadRequests(ReadOnlySequence<byte> buffer, int length, Lazy<string> what)
    {
        var reader = new RequestReader();
        var reads = 0;
        while (reader.TryRead(buffer, out _, out var consumed))
        {
            var advanced = buffer.Slice(0, consumed).Length;
            buffer = buffer.Slice(consumed);
            if (advanced < 8 || ++reads > length / 8)
            {
                Assert.Fail($"{what.Value}: request {reads} consumed {advanced} bytes");
            }
        }
        if (reader.TryRead(buffer, out _, out var none) || buffer.Slice(0, none).Length != 0)
        {
            Assert.Fail($"{what.Value}: need-more must consume nothing");
        }
        return buffer.IsEmpty ? 0 : 1;
    }

    private static byte[] Mutate(Random random, byte[] original, byte[][] corpus)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(9))
        {
            case 0: // bit flips
                for (var k = random.Next(1, 5); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case 1: // truncation
                return bytes[..random.Next(bytes.Length)];
            case 2: // the declared length lies (of the first frame or a later one)
                CorruptInt(random, bytes, FrameStart(random, bytes) + 4);
                return bytes;
            case 3: // another type code
                var start = FrameStart(random, bytes);
                if (start + 4 <= bytes.Length)
                {
                    var codes = WireCommandTypes.All;
                    BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(start), random.Next(5) == 0 ? random.Next() : (int)codes[random.Next(codes.Count)]);
                }
                return bytes;
            case 4: // an inner length or count lies
                CorruptInt(random, bytes, random.Next(8, Math.Max(9, bytes.Length - 3)));
                return bytes;
            case 5: // bytes inserted or removed
                var at = random.Next(bytes.Length);
                return random.Next(2) == 0
                    ? [.. bytes[..at], .. RandomBytes(random, random.Next(1, 9)), .. bytes[at..]]
                    : [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + random.Next(1, 9))..]];
            case 6: // two frames spliced
                var other = corpus[random.Next(corpus.Length)];
                return [.. bytes[..random.Next(bytes.Length)], .. other[random.Next(other.Length)..]];
            case 7: // a random payload under a valid header
                var type = WireCommandTypes.All[random.Next(WireCommandTypes.All.Count)];
                var payload = RandomBytes(random, random.Next(0, 96));
                var frame = new byte[8 + payload.Length];
                BinaryPrimitives.WriteInt32BigEndian(frame, (int)type);
                BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), payload.Length);
                payload.CopyTo(frame, 8);
                return frame;
            default: // pure noise
                return RandomBytes(random, random.Next(0, 64));
        }
    }

    private static int FrameStart(Random random, byte[] bytes)
    {
        // Walk the frames by their declared lengths and pick one of their starts.
        var starts = new List<int> { 0 };
        var offset = 0;
        while (offset + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset + 4));
            if (length < 0 || offset + 8L + length >= bytes.Length)
            {
                break;
            }
            offset += 8 + length;
            starts.Add(offset);
        }
        return starts[random.Next(starts.Count)];
    }

    private static void CorruptInt(Random random, byte[] bytes, int at)
    {
        if (at + 4 > bytes.Length)
        {
            return;
        }
        var old = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
        int value = random.Next(6) switch
        {
            0 => -random.Next(1, int.MaxValue),
            1 => WireProtocol.MaxPayloadLength,
            2 => WireProtocol.MaxPayloadLength + 1,
            3 => int.MaxValue,
            4 => old + random.Next(-16, 17),
            _ => random.Next(0, 0x10000),
        };
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), value);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
