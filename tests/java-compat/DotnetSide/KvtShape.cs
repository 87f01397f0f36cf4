using System.Buffers.Binary;
using Pravega.Perf.Client.Tables;

namespace Pravega.Perf.JavaCompat;

/// <summary>
/// The key-value table both sides agree on; the twin of ../KvtShape.java, which says what it holds. Keys and values
/// are computed the same way on both sides so each can check the other's bytes exactly.
/// </summary>
internal static class KvtShape
{
    public const int PrimaryKeys = 6;
    public const int SecondaryKeys = 4;
    public const int RemovedPrimary = 1;
    public const int RemovedSecondary = 3;
    public const int VersionedPrimary = 2;
    public const int VersionedSecondary = 1;

    public static KeyValueTableConfiguration Configuration { get; } = new() { PartitionCount = 4, PrimaryKeyLength = 8, SecondaryKeyLength = 4 };

    /// <summary>Entries present once the writer is done: all but the removed one (the hand-off key not counted).</summary>
    public static int Present => (PrimaryKeys * SecondaryKeys) - 1;

    public static byte[] Primary(int p)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, (p * 0x0123456789ABCDL) + 0x1000000000000000L);
        return bytes;
    }

    public static byte[] Secondary(int s)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, (s * 0x01010101) + 7);
        return bytes;
    }

    public static KeyValueTableKey Key(int p, int s) => new(Primary(p), Secondary(s));

    public static KeyValueTableKey HandOffKey { get; } = new(Enumerable.Repeat((byte)0xFF, 8).ToArray(), Enumerable.Repeat((byte)0xFF, 4).ToArray());

    public static byte[] Value(int p, int s)
    {
        var length = p == PrimaryKeys - 1 && s == SecondaryKeys - 1 ? 200_000 : 1 + ((((p * SecondaryKeys) + s) * 977) % 5000);
        var bytes = new byte[length];
        for (var k = 0; k < length; k++)
        {
            bytes[k] = unchecked((byte)((p * 31) + (s * 7) + (k * 13)));
        }
        return bytes;
    }

    public static bool Removed(int p, int s) => p == RemovedPrimary && s == RemovedSecondary;
}
