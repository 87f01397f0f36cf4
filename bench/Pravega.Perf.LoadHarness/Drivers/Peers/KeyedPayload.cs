using System.Buffers.Binary;
using System.Text;

namespace Pravega.Perf.LoadHarness.Drivers.Peers;

/// <summary>
/// The routing key carried inside a message body for peers whose messages have no key field (NATS): a 2-byte
/// big-endian key length, the key in UTF-8, then the payload. Cheaper than NATS headers, which the server and client
/// parse as text on every message.
/// </summary>
public static class KeyedPayload
{
    /// <summary>A new array holding the framed key and a copy of the payload (the caller may reuse its payload).</summary>
    public static byte[] Encode(string key, ReadOnlySpan<byte> payload)
    {
        var keyLength = Encoding.UTF8.GetByteCount(key);
        if (keyLength > ushort.MaxValue)
        {
            throw new ArgumentException($"routing key of {keyLength} bytes exceeds {ushort.MaxValue}", nameof(key));
        }
        var body = new byte[2 + keyLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)keyLength);
        Encoding.UTF8.GetBytes(key, body.AsSpan(2, keyLength));
        payload.CopyTo(body.AsSpan(2 + keyLength));
        return body;
    }

    /// <summary>The key and payload of a body written by <see cref="Encode"/>; the payload slices <paramref name="body"/>.</summary>
    public static ConsumedEvent Decode(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.Length < 2)
        {
            throw new InvalidDataException($"message of {span.Length} bytes has no key length");
        }
        var keyLength = BinaryPrimitives.ReadUInt16BigEndian(span);
        if (span.Length < 2 + keyLength)
        {
            throw new InvalidDataException($"message of {span.Length} bytes is shorter than its {keyLength}-byte key");
        }
        return new ConsumedEvent(Encoding.UTF8.GetString(span.Slice(2, keyLength)), body[(2 + keyLength)..]);
    }
}
