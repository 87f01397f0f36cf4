using System.Text;

namespace Pravega.Perf.Client.Writers;

/// <summary>Turns events into bytes and back (Pravega's <c>Serializer</c>): what is stored is exactly these bytes, inside the 8-byte event header.</summary>
public interface ISerializer<T>
{
    ReadOnlyMemory<byte> Serialize(T value);

    /// <summary>Makes the value of one event. <paramref name="bytes"/> is the reader's buffer, valid only during the
    /// call: copy what the value keeps.</summary>
    T Deserialize(ReadOnlyMemory<byte> bytes);
}

/// <summary>UTF-8 strings (Pravega's <c>UTF8StringSerializer</c>): events written by a Java client read back alike.</summary>
public sealed class Utf8StringSerializer : ISerializer<string>
{
    public ReadOnlyMemory<byte> Serialize(string value) => Encoding.UTF8.GetBytes(value);

    public string Deserialize(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
