using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// The synthetic events of <c>stream write --count</c>: event <c>i</c> is <c>key-(i mod keys) i</c> (i in 10 digits),
/// padded with '.' to <c>size</c> bytes (cut at <c>size</c> when shorter), written straight into the writer's buffer so
/// a million events allocate nothing. Readable on purpose: <c>stream read</c> shows which key and index each one was,
/// so per-key order can be checked by eye or by a script.
/// </summary>
internal sealed class SyntheticEventSerializer(int size, int keys) : IBufferSerializer<long>
{
    public string KeyOf(long index) => $"key-{index % keys}";

    public void Serialize(long value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(size)[..size];
        Span<byte> text = stackalloc byte[48];
        Utf8.TryWrite(text, CultureInfo.InvariantCulture, $"key-{value % keys} {value:D10}", out var written);
        var head = Math.Min(written, size);
        text[..head].CopyTo(span);
        span[head..].Fill((byte)'.');
        output.Advance(size);
    }

    public ReadOnlyMemory<byte> Serialize(long value)
    {
        var buffer = new ArrayBufferWriter<byte>(size);
        Serialize(value, buffer);
        return buffer.WrittenMemory;
    }

    public long Deserialize(ReadOnlyMemory<byte> bytes)
    {
        var text = Encoding.ASCII.GetString(bytes.Span).TrimEnd('.');
        return long.Parse(text[(text.IndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
