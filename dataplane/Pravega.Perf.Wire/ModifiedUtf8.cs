namespace Pravega.Perf.Wire;

/// <summary>
/// Java's modified UTF-8 (<c>DataOutput.writeUTF</c>): U+0000 as <c>C0 80</c>, every other BMP char in 1–3 bytes
/// as in UTF-8, and a supplementary character as its two UTF-16 surrogates of 3 bytes each. Decoding accepts what
/// Java's <c>readUTF</c> accepts (a raw 00 byte, overlong 2- and 3-byte forms, lone surrogates) and rejects the rest
/// (a stray continuation byte, a 4-byte lead, a truncated sequence), so we read whatever a Java peer may send.
/// </summary>
internal static class ModifiedUtf8
{
    public const int MaxEncodedLength = ushort.MaxValue;

    public static int GetByteCount(ReadOnlySpan<char> chars)
    {
        var count = 0;
        foreach (var c in chars)
        {
            count += c is >= '\u0001' and <= '\u007F' ? 1 : c <= '\u07FF' ? 2 : 3;
        }
        return count;
    }

    /// <summary>Writes <paramref name="chars"/> into <paramref name="destination"/>, which must hold GetByteCount bytes.</summary>
    public static int Encode(ReadOnlySpan<char> chars, Span<byte> destination)
    {
        var i = 0;
        foreach (var c in chars)
        {
            if (c is >= '\u0001' and <= '\u007F')
            {
                destination[i++] = (byte)c;
            }
            else if (c <= '\u07FF')
            {
                destination[i++] = (byte)(0xC0 | (c >> 6));
                destination[i++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                destination[i++] = (byte)(0xE0 | (c >> 12));
                destination[i++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                destination[i++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return i;
    }

    /// <summary>Checks the bytes are readable as modified UTF-8; on failure <paramref name="badIndex"/> is the offending byte.</summary>
    public static bool TryValidate(ReadOnlySpan<byte> bytes, out int charCount, out int badIndex)
    {
        charCount = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            int size;
            if (b < 0x80)
            {
                size = 1;
            }
            else if ((b & 0xE0) == 0xC0)
            {
                size = 2;
            }
            else if ((b & 0xF0) == 0xE0)
            {
                size = 3;
            }
            else
            {
                badIndex = i;
                return false;
            }
            if (i + size > bytes.Length)
            {
                badIndex = i;
                return false;
            }
            for (var k = 1; k < size; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80)
                {
                    badIndex = i + k;
                    return false;
                }
            }
            i += size;
            charCount++;
        }
        badIndex = -1;
        return true;
    }

    /// <summary>Reads one char of validated input at <paramref name="index"/> and moves past it.</summary>
    public static char ReadChar(ReadOnlySpan<byte> bytes, ref int index)
    {
        var b = bytes[index];
        if (b < 0x80)
        {
            index++;
            return (char)b;
        }
        if ((b & 0xE0) == 0xC0)
        {
            var c2 = (char)(((b & 0x1F) << 6) | (bytes[index + 1] & 0x3F));
            index += 2;
            return c2;
        }
        var c3 = (char)(((b & 0x0F) << 12) | ((bytes[index + 1] & 0x3F) << 6) | (bytes[index + 2] & 0x3F));
        index += 3;
        return c3;
    }

    /// <summary>Decodes validated input into exactly <paramref name="destination"/>.Length chars.</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        var index = 0;
        for (var k = 0; k < destination.Length; k++)
        {
            destination[k] = ReadChar(bytes, ref index);
        }
    }
}
