using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire;

/// <summary>
/// Big-endian field reader over one command's payload. Every read names its field, so a short or malformed
/// payload fails with a <see cref="WireProtocolException"/> such as "SETUP_APPEND.segment: …". Strings and blobs
/// come back as slices of the payload (no copy); a declared length is checked against the bytes actually present
/// before anything is sliced, so a lying length never causes an allocation.
/// </summary>
internal ref struct PayloadReader
{
    private SequenceReader<byte> _reader;
    private readonly WireCommandType _type;

    public PayloadReader(in ReadOnlySequence<byte> payload, WireCommandType type)
    {
        _reader = new SequenceReader<byte>(payload);
        _type = type;
    }

    public readonly long Remaining => _reader.Remaining;

    public readonly bool HasMore => _reader.Remaining > 0;

    public readonly long Consumed => _reader.Consumed;

    public readonly WireCommandType CommandType => _type;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32(string field)
    {
        if (!_reader.TryReadBigEndian(out int value))
        {
            ThrowTruncated(field, 4);
        }
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64(string field)
    {
        if (!_reader.TryReadBigEndian(out long value))
        {
            ThrowTruncated(field, 8);
        }
        return value;
    }

    public byte ReadByte(string field)
    {
        if (!_reader.TryRead(out var value))
        {
            ThrowTruncated(field, 1);
        }
        return value;
    }

    /// <summary>Java's <c>readBoolean</c>: any non-zero byte is true.</summary>
    public bool ReadBool(string field) => ReadByte(field) != 0;

    public Uuid ReadUuid(string field)
    {
        var msb = ReadInt64(field);
        var lsb = ReadInt64(field);
        return new Uuid(msb, lsb);
    }

    public long ReadInt64OrDefault(string field, long defaultValue) => HasMore ? ReadInt64(field) : defaultValue;

    public int ReadInt32OrDefault(string field, int defaultValue) => HasMore ? ReadInt32(field) : defaultValue;

    public bool ReadBoolOrDefault(string field, bool defaultValue) => HasMore ? ReadBool(field) : defaultValue;

    public WireString ReadStringOrDefault(string field) => HasMore ? ReadString(field) : WireString.Empty;

    /// <summary>u16 length + modified UTF-8, validated, as a slice.</summary>
    public WireString ReadString(string field)
    {
        if (!_reader.TryReadBigEndian(out short rawLength))
        {
            ThrowTruncated(field, 2);
        }
        var length = (ushort)rawLength;
        if (length > _reader.Remaining)
        {
            throw Error(field, $"string length {length} exceeds the payload ({_reader.Remaining} bytes left)");
        }
        var slice = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        int charCount;
        int badIndex;
        bool valid;
        if (slice.IsSingleSegment)
        {
            valid = ModifiedUtf8.TryValidate(slice.FirstSpan, out charCount, out badIndex);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                slice.CopyTo(rented);
                valid = ModifiedUtf8.TryValidate(rented.AsSpan(0, length), out charCount, out badIndex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        if (!valid)
        {
            throw Error(field, $"invalid modified UTF-8 at byte {badIndex} of {length}");
        }
        return WireString.FromValidated(slice, charCount);
    }

    /// <summary>int32 length + bytes, as a slice.</summary>
    public ReadOnlySequence<byte> ReadBlob(string field)
    {
        var length = ReadInt32(field);
        if (length < 0)
        {
            throw Error(field, $"negative length {length}");
        }
        return ReadBytes(field, length);
    }

    public ReadOnlySequence<byte> ReadBytes(string field, int length)
    {
        if (length > _reader.Remaining)
        {
            throw Error(field, $"length {length} exceeds the payload ({_reader.Remaining} bytes left)");
        }
        var slice = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        return slice;
    }

    public ReadOnlySequence<byte> ReadRest()
    {
        var rest = _reader.UnreadSequence;
        _reader.AdvanceToEnd();
        return rest;
    }

    /// <summary>
    /// An element count, checked against what the rest of the payload can hold (each element needs at least
    /// <paramref name="minElementSize"/> bytes), so that no array is sized from an unreal count.
    /// </summary>
    public int ReadCount(string field, int minElementSize)
    {
        var count = ReadInt32(field);
        if (count < 0)
        {
            throw Error(field, $"negative count {count}");
        }
        if (count > _reader.Remaining / minElementSize)
        {
            throw Error(field, $"count {count} exceeds the payload ({_reader.Remaining} bytes left)");
        }
        return count;
    }

    public readonly WireProtocolException Error(string field, string problem) => new(_type, field, problem);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowTruncated(string field, int size) =>
        throw Error(field, $"truncated: needs {size} bytes, {_reader.Remaining} left");
}
