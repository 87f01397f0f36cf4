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

    /// <summary>Writes <paramref name="payload"/> as one frame holding sequence number <paramref name="sequence"/>; a
    /// device with a pipeline deeper than one writes it through the pipeline (begin, collect), so the device contract
    /// tests cover that path too.</summary>
    public static long WriteFrame(IWalDevice device, byte[] payload, long sequence)
    {
        var frame = new byte[WalFrameFormat.HeaderLength + payload.Length];
        payload.CopyTo(frame, WalFrameFormat.HeaderLength);
        if (device is not IWalPipeline { MaxWritesInFlight: > 1 } pipeline)
        {
            return device.Write(frame, sequence, sequence);
        }
        var address = pipeline.BeginWrite(frame, sequence, sequence);
        pipeline.EndOldestWrite();
        return address;
    }
}
