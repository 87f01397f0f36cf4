using System.Buffers;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Events;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

/// <summary>
/// The command vectors of <c>../shared/reference/wire-vectors.md</c>, produced with Pravega's own Java encoder:
/// every frame must decode to the listed values and the listed values must encode to the exact bytes.
/// </summary>
public class GoldenVectorTests
{
    public static TheoryData<string> VectorIds => [.. WireVectorFile.Vectors.Select(v => v.Id)];

    [Fact]
    public void TheVectorFileHolds135VectorsCoveringAll70CommandTypes()
    {
        var vectors = WireVectorFile.Vectors;
        Assert.True(vectors.Count == 135, $"expected 135 vectors, parsed {vectors.Count}");
        var types = vectors.Select(v => v.TypeCode).Distinct().Order().ToArray();
        Assert.True(types.Length == 70, $"expected 70 command types, found {types.Length}");
        Assert.Equal(WireCommandTypes.All.Select(t => (int)t), types);
        Assert.All(vectors, v => Assert.True(v.Frame.Length == v.FrameLength, $"{v.Id}: hex holds {v.Frame.Length} bytes, listed {v.FrameLength}"));
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void EachVectorDecodesToItsListedFields(string id)
    {
        var vector = WireVectorFile.Vectors.Single(v => v.Id == id);
        // Decode from one segment and from a sequence cut into 7-byte pieces: the result must not depend on chunking.
        foreach (var buffer in new[] { new ReadOnlySequence<byte>(vector.Frame), Segmented.Chunked(vector.Frame, 7) })
        {
            Assert.True(FrameReader.TryReadFrame(buffer, out var frame), $"{id}: the frame is whole");
            Assert.Equal(vector.TypeCode, (int)frame.Type);
            Assert.Equal(vector.Frame.Length - 8, frame.PayloadLength);
            Assert.Equal(vector.Frame.Length, frame.TotalLength);
            var command = WireCommandDecoder.Decode(frame.Type, frame.Payload);
            Assert.Equal(frame.Type, command.Type);
            if (command is AppendBlock block)
            {
                CheckBlock(vector, block);
                continue;
            }
            foreach (var field in vector.Fields)
            {
                CheckField(id, field, VectorModel.Resolve(command, field.Path));
            }
        }
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void EachVectorsListedFieldsEncodeToItsExactBytes(string id)
    {
        var vector = WireVectorFile.Vectors.Single(v => v.Id == id);
        var command = VectorModel.Build(vector);
        Assert.Equal(vector.Frame.Length - 8, command.GetPayloadLength());
        var output = new ArrayBufferWriter<byte>();
        command.WriteTo(output);
        Assert.Equal(Hex.Format(vector.Frame), Hex.Format(output.WrittenSpan));
    }

    private static void CheckBlock(CommandVector vector, AppendBlock block)
    {
        Assert.Equal(vector.Fields[0].ValueText.Split(' ')[0], block.WriterId.ToString());
        // The block data is the listed fields after the writer id, in order; its whole events walk as EVENT frames.
        var expected = VectorModel.Serialize(vector.Fields.Skip(1));
        Assert.Equal(Hex.Format(expected), Hex.Format(block.Data.ToArray()));
        // Walk the whole events (EVENT frames) up to the closing PARTIAL_EVENT or PADDING, if any.
        var data = block.Data.ToArray();
        var offset = 0;
        var count = 0;
        while (offset + 8 <= data.Length && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset)) == 0)
        {
            var events = new EventFrameReader(new ReadOnlySequence<byte>(data, offset, data.Length - offset));
            Assert.True(events.TryReadNext(out var payload), $"{vector.Id}: event {count} is whole");
            var listed = vector.Fields.Single(f => f.Path == $"event[{count}].data");
            Assert.Equal(Hex.Format(listed.Bytes), Hex.Format(payload.ToArray()));
            offset += (int)events.Consumed;
            count++;
        }
        Assert.Equal(vector.Fields.Count(f => f.Path.EndsWith("].data", StringComparison.Ordinal) && f.Path.StartsWith("event[", StringComparison.Ordinal)), count);
    }

    private static void CheckField(string id, VectorField field, object actual)
    {
        var what = $"{id} {field.Path}";
        switch (field.Kind)
        {
            case "int8":
            case "int32":
            case "int64":
            case "zeros":
                Assert.True(Convert.ToInt64(actual, System.Globalization.CultureInfo.InvariantCulture) == field.Integer,
                    $"{what}: decoded {actual}, listed {field.Integer}");
                break;
            case "bool":
                Assert.True((bool)actual == field.Boolean, $"{what}: decoded {actual}, listed {field.Boolean}");
                break;
            case "uuid":
                Assert.True(actual.ToString() == field.ValueText.Split(' ')[0], $"{what}: decoded {actual}");
                break;
            case "utf":
                var text = (WireString)actual;
                Assert.True(text.ToString() == field.Text, $"{what}: decoded \"{text}\", listed \"{field.Text}\"");
                Assert.True(text.Equals(field.Text), $"{what}: raw value must equal the listed string");
                Assert.True(text.GetHashCode() == new WireString(field.Text).GetHashCode(), $"{what}: raw and string hash alike");
                if (field.ModifiedUtf8 is { } raw)
                {
                    Assert.Equal(Hex.Format(raw), Hex.Format(text.RawBytes.ToArray()));
                }
                break;
            case "bytes":
                Assert.Equal(Hex.Format(field.Bytes), Hex.Format(((ReadOnlySequence<byte>)actual).ToArray()));
                break;
            default:
                Assert.Fail($"{what}: unknown field kind {field.Kind}");
                break;
        }
    }
}
