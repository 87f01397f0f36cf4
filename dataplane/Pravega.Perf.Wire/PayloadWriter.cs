using System.Buffers;
using System.Buffers.Binary;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire;

/// <summary>
/// Big-endian writer into an <see cref="IBufferWriter{T}"/> that asks for memory in chunks and advances the
/// writer once per chunk. Large blobs are copied into whatever span the writer offers (no size hint larger
/// than a small chunk), so a pipe never allocates an oversized segment. Call <see cref="Flush"/> at the end.
/// </summary>
internal ref struct PayloadWriter
{
    private const int ChunkHint = 256;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    public PayloadWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = default;
        _buffered = 0;
    }

    public void WriteHeader(WireCommandType type, int payloadLength)
    {
        if ((uint)payloadLength > WireProtocol.MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength,
                $"{WireCommandTypes.GetName(type)} payload exceeds {WireProtocol.MaxPayloadLength} bytes");
        }
        WriteInt32((int)type);
        WriteInt32(payloadLength);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Take(4), value);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Take(8), value);
    }

    public void WriteByte(byte value) => Take(1)[0] = value;

    public void WriteBool(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteUuid(Uuid value) => value.WriteBigEndian(Take(16));

    public void WriteString(in WireString value)
    {
        var length = value.EncodedLength;
        var span = Take(2 + length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
        value.CopyTo(span[2..]);
    }

    public void WriteBlob(in ReadOnlySequence<byte> data)
    {
        WriteInt32(checked((int)data.Length));
        WriteBytes(data);
    }

    public void WriteBytes(in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            WriteBytes(segment.Span);
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_buffered == _span.Length)
            {
                Commit();
                _span = _output.GetSpan(Math.Min(data.Length, ChunkHint));
            }
            var n = Math.Min(data.Length, _span.Length - _buffered);
            data[..n].CopyTo(_span[_buffered..]);
            _buffered += n;
            data = data[n..];
        }
    }

    public void WriteZeros(int count)
    {
        while (count > 0)
        {
            if (_buffered == _span.Length)
            {
                Commit();
                _span = _output.GetSpan(Math.Min(count, ChunkHint));
            }
            var n = Math.Min(count, _span.Length - _buffered);
            _span.Slice(_buffered, n).Clear();
            _buffered += n;
            count -= n;
        }
    }

    public void Flush() => Commit();

    private Span<byte> Take(int size)
    {
        if (_span.Length - _buffered < size)
        {
            Commit();
            _span = _output.GetSpan(Math.Max(size, ChunkHint));
        }
        var span = _span.Slice(_buffered, size);
        _buffered += size;
        return span;
    }

    private void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
        }
        _buffered = 0;
        _span = default;
    }
}
