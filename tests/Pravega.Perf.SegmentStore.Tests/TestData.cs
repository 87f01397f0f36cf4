using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Wal;

namespace Pravega.Perf.SegmentStore.Tests;

internal static class TestData
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Deterministic bytes: a different pattern per seed.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + (seed * 7) + (i >> 8));
        }
        return bytes;
    }

    public static AppendData Data(byte[] bytes) => new(bytes.AsMemory());

    /// <summary>Writes <paramref name="payload"/> as one frame holding sequence number <paramref name="sequence"/>.</summary>
    public static long WriteFrame(IWalDevice device, byte[] payload, long sequence)
    {
        var frame = new byte[WalFrameFormat.HeaderLength + payload.Length];
        payload.CopyTo(frame, WalFrameFormat.HeaderLength);
        return device.Write(frame, sequence, sequence);
    }
}
