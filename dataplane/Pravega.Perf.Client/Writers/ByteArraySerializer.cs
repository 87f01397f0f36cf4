namespace Pravega.Perf.Client.Writers;

/// <summary>Events as raw bytes (Pravega's <c>ByteArraySerializer</c>): stored exactly as given, read back as a copy.</summary>
public sealed class ByteArraySerializer : ISerializer<byte[]>
{
    public ReadOnlyMemory<byte> Serialize(byte[] value) => value;

    public byte[] Deserialize(ReadOnlyMemory<byte> bytes) => bytes.ToArray();
}
