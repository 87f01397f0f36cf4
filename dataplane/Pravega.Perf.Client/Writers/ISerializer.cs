using System.Buffers;
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

/// <summary>A serializer that writes an event straight into the writer's buffer: no array per event.</summary>
public interface IBufferSerializer<T> : ISerializer<T>
{
    void Serialize(T value, IBufferWriter<byte> output);
}

/// <summary>UTF-8 strings (Pravega's <c>UTF8StringSerializer</c>): events written by a Java client read back alike.</summary>
public sealed class Utf8StringSerializer : IBufferSerializer<string>
{
    public ReadOnlyMemory<byte> Serialize(string value) => Encoding.UTF8.GetBytes(value);

    public void Serialize(string value, IBufferWriter<byte> output) => Encoding.UTF8.GetBytes(value, output);

    public string Deserialize(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
