using System.Buffers;
using CsCheck;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

/// <summary>Property: for every command type, decode(encode(x)) equals x, whatever the chunking of the input.</summary>
public class RoundTripTests
{
    public static TheoryData<string> TypeNames => [.. WireCommandTypes.All.Select(WireCommandTypes.GetName)];

    [Fact]
    public void EveryCommandTypeHasAStruct()
    {
        Assert.Equal(70, WireCommandTypes.All.Count);
        Assert.All(WireCommandTypes.All, t => VectorModel.CommandStruct(WireCommandTypes.GetName(t)));
    }

    [Fact]
    public void TheStructuralComparisonSeesEveryKindOfDifference()
    {
        // Guards the round-trip property against a comparer that finds everything equal.
        var blob = new ReadOnlySequence<byte>([1, 2]);
        Assert.NotNull(Deep.Difference(new Commands.Hello(17, 5), new Commands.Hello(17, 6)));
        Assert.NotNull(Deep.Difference(new Commands.SegmentCreated(1, "a"), new Commands.SegmentCreated(1, "b")));
        Assert.NotNull(Deep.Difference(new Commands.Event(blob), new Commands.Event(new ReadOnlySequence<byte>([1, 3]))));
        Assert.NotNull(Deep.Difference(new Commands.TableEntriesUpdated(1, [1, 2]), new Commands.TableEntriesUpdated(1, [1])));
        var key = new Commands.TableKey(blob, 5);
        Assert.NotNull(Deep.Difference(new Commands.ReadTable(1, "s", "", [key]), new Commands.ReadTable(1, "s", "", [new Commands.TableKey(blob, 6)])));
        Assert.Null(Deep.Difference(new Commands.ReadTable(1, "s", "", [key]), new Commands.ReadTable(1, "s", "", [new Commands.TableKey(new ReadOnlySequence<byte>([1, 2]), 5)])));
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void TheDefaultInstanceOfEveryCommandEncodesAndDecodes(string name)
    {
        var command = (IWireCommand)Activator.CreateInstance(VectorModel.CommandStruct(name))!;
        var output = new ArrayBufferWriter<byte>();
        command.WriteTo(output);
        Assert.True(FrameReader.TryReadFrame(new ReadOnlySequence<byte>(output.WrittenMemory), out var frame), $"{name}: default encodes a whole frame");
        Assert.Null(Deep.Difference(command, WireCommandDecoder.Decode(frame.Type, frame.Payload), name));
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void EveryCommandSurvivesAnEncodeDecodeRoundTrip(string name)
    {
        var type = VectorModel.CommandStruct(name);
        var seed = new PCG((uint)name.Length * 7919u + (uint)name[0]).ToString();
        CommandGen.For(type).Sample(command =>
        {
            var output = new ArrayBufferWriter<byte>();
            command.WriteTo(output);
            var bytes = output.WrittenSpan.ToArray();
            Assert.Equal(8 + command.GetPayloadLength(), bytes.Length);
            foreach (var buffer in new[] { new ReadOnlySequence<byte>(bytes), Segmented.Chunked(bytes, 3) })
            {
                Assert.True(FrameReader.TryReadFrame(buffer, out var frame), $"{name}: encoded frame is whole");
                Assert.Equal(command.Type, frame.Type);
                var decoded = WireCommandDecoder.Decode(frame.Type, frame.Payload);
                Assert.Null(Deep.Difference(command, decoded, name));
                var again = new ArrayBufferWriter<byte>();
                decoded.WriteTo(again);
                Assert.True(again.WrittenSpan.SequenceEqual(bytes), $"{name}: re-encoding the decoded command changes the bytes");
            }
        }, seed: seed, iter: 300, threads: 1);
    }
}
