using System.Buffers;

namespace Pravega.Perf.Wire;

/// <summary>
/// A protocol string (Java <c>writeUTF</c>: u16 byte length + modified UTF-8) that is either a
/// <see cref="string"/> (built by a sender) or the raw, already validated bytes of a received frame (a slice of
/// the input, valid until the reader advances past it). Decoding therefore allocates nothing;
/// <see cref="ToString"/> materializes a string on demand. Equality and hash codes are on the characters, so a
/// raw value and a string value with the same text are equal and hash alike: a server can look a received
/// segment name up in a <c>Dictionary&lt;string, T&gt;</c> through <see cref="WireStringComparer"/>'s alternate
/// lookup without allocating.
/// </summary>
public readonly struct WireString : IEquatable<WireString>
{
    public static readonly WireString Empty;

    private readonly string? _value;
    private readonly ReadOnlySequence<byte> _encoded;
    private readonly int _encodedLength;
    private readonly int _charCount;

    /// <summary>A string to send; null is sent as "" (as Pravega sends a null delegation token).</summary>
    public WireString(string? value)
    {
        _value = value ?? string.Empty;
        _encodedLength = ModifiedUtf8.GetByteCount(_value);
        _charCount = _value.Length;
        if (_encodedLength > ModifiedUtf8.MaxEncodedLength)
        {
            throw new ArgumentException(
                $"string of {_encodedLength} modified UTF-8 bytes exceeds the protocol's {ModifiedUtf8.MaxEncodedLength}",
                nameof(value));
        }
    }

    private WireString(in ReadOnlySequence<byte> encoded, int encodedLength, int charCount)
    {
        _encoded = encoded;
        _encodedLength = encodedLength;
        _charCount = charCount;
    }

    /// <summary>Number of bytes after the u16 length prefix.</summary>
    public int EncodedLength => _encodedLength;

    /// <summary>Number of UTF-16 chars of the text.</summary>
    public int Length => _charCount;

    public bool IsEmpty => _encodedLength == 0;

    /// <summary>True when this value holds bytes of a received frame rather than a string.</summary>
    public bool IsRaw => _value is null && _encodedLength > 0;

    /// <summary>The raw modified UTF-8 bytes (empty for a string-backed value).</summary>
    public ReadOnlySequence<byte> RawBytes => _encoded;

    public static implicit operator WireString(string? value) => new(value);

    public static bool operator ==(WireString left, WireString right) => left.Equals(right);

    public static bool operator !=(WireString left, WireString right) => !left.Equals(right);

    /// <summary>Wraps bytes that the caller has already validated as modified UTF-8.</summary>
    internal static WireString FromValidated(in ReadOnlySequence<byte> encoded, int charCount) =>
        new(encoded, (int)encoded.Length, charCount);

    /// <summary>Writes the modified UTF-8 bytes (without the length prefix); returns <see cref="EncodedLength"/>.</summary>
    public int CopyTo(Span<byte> destination)
    {
        if (_value is not null)
        {
            return ModifiedUtf8.Encode(_value, destination);
        }
        _encoded.CopyTo(destination);
        return _encodedLength;
    }

    public override string ToString()
    {
        if (_value is not null)
        {
            return _value;
        }
        if (_encodedLength == 0)
        {
            return string.Empty;
        }
        var raw = GetRawSpan(out var rented);
        try
        {
            return DecodeToString(raw, _charCount);
        }
        finally
        {
            Return(rented);
        }
    }

    public bool Equals(string? other)
    {
        other ??= string.Empty;
        if (_value is not null)
        {
            return string.Equals(_value, other, StringComparison.Ordinal);
        }
        if (_charCount != other.Length)
        {
            return false;
        }
        var raw = GetRawSpan(out var rented);
        try
        {
            var index = 0;
            foreach (var c in other)
            {
                if (ModifiedUtf8.ReadChar(raw, ref index) != c)
                {
                    return false;
                }
            }
            return true;
        }
        finally
        {
            Return(rented);
        }
    }

    public bool Equals(WireString other)
    {
        if (other._value is not null)
        {
            return Equals(other._value);
        }
        if (_value is not null)
        {
            return other.Equals(_value);
        }
        if (_charCount != other._charCount)
        {
            return false;
        }
        var a = GetRawSpan(out var rentedA);
        var b = other.GetRawSpan(out var rentedB);
        try
        {
            if (a.SequenceEqual(b))
            {
                return true;
            }
            int ia = 0, ib = 0;
            for (var k = 0; k < _charCount; k++)
            {
                if (ModifiedUtf8.ReadChar(a, ref ia) != ModifiedUtf8.ReadChar(b, ref ib))
                {
                    return false;
                }
            }
            return true;
        }
        finally
        {
            Return(rentedA);
            Return(rentedB);
        }
    }

    public override bool Equals(object? obj) => obj switch
    {
        WireString w => Equals(w),
        string s => Equals(s),
        _ => false,
    };

    /// <summary>FNV-1a over the UTF-16 chars: the same for the raw and the string form of a text.</summary>
    public override int GetHashCode()
    {
        if (_value is not null)
        {
            return HashChars(_value);
        }
        var raw = GetRawSpan(out var rented);
        try
        {
            var hash = FnvOffset;
            var index = 0;
            for (var k = 0; k < _charCount; k++)
            {
                hash = (hash ^ ModifiedUtf8.ReadChar(raw, ref index)) * FnvPrime;
            }
            return (int)hash;
        }
        finally
        {
            Return(rented);
        }
    }

    internal static int HashChars(ReadOnlySpan<char> chars)
    {
        var hash = FnvOffset;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * FnvPrime;
        }
        return (int)hash;
    }

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    private static string DecodeToString(ReadOnlySpan<byte> raw, int charCount)
    {
        // string.Create cannot capture a span; decode through a pooled char buffer instead.
        var chars = ArrayPool<char>.Shared.Rent(charCount);
        try
        {
            ModifiedUtf8.Decode(raw, chars.AsSpan(0, charCount));
            return new string(chars, 0, charCount);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private ReadOnlySpan<byte> GetRawSpan(out byte[]? rented)
    {
        if (_encoded.IsSingleSegment)
        {
            rented = null;
            return _encoded.FirstSpan;
        }
        rented = ArrayPool<byte>.Shared.Rent(_encodedLength);
        _encoded.CopyTo(rented);
        return rented.AsSpan(0, _encodedLength);
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
