using System.Buffers.Binary;

namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>Names and event bytes for tests.</summary>
public static class Segments
{
    private static int s_next;

    /// <summary>A fresh user stream segment name (so the server also keeps its <c>#index</c>).</summary>
    public static string NewName(string scope = "itest") =>
        $"{scope}/s{Interlocked.Increment(ref s_next)}x{Environment.ProcessId}/0.#epoch.0";

    /// <summary>The stored form of events: <c>[int32 0][int32 length][payload]</c> each.</summary>
    public static byte[] Frame(params byte[][] payloads)
    {
        var result = new byte[payloads.Sum(p => 8 + p.Length)];
        var offset = 0;
        foreach (var payload in payloads)
        {
            BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(offset), 0);
            BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(offset + 4), payload.Length);
            payload.CopyTo(result.AsSpan(offset + 8));
            offset += 8 + payload.Length;
        }
        return result;
    }

    /// <summary>A payload of <paramref name="length"/> bytes derived from <paramref name="seed"/>.</summary>
    public static byte[] Payload(int seed, int length)
    {
        var payload = new byte[length];
        for (var i = 0; i < length; i++)
        {
            payload[i] = (byte)((seed * 31) + i);
        }
        return payload;
    }
}
