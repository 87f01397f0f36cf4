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
