using System.Text;

namespace Pravega.Perf.SegmentStore.Storage.Tests;

/// <summary>Deterministic test bytes.</summary>
internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Event-like records (JSON text with varying fields): compresses like real telemetry, not like zeros.</summary>
    public static byte[] Events(int length, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(length + 256);
        var n = 0;
        while (sb.Length < length)
        {
            sb.Append("{\"seq\":").Append(n++)
              .Append(",\"sensor\":\"plant-").Append(rng.Next(40)).Append("/line-").Append(rng.Next(8))
              .Append("\",\"temp\":").Append((rng.NextDouble() * 80).ToString("F3", System.Globalization.CultureInfo.InvariantCulture))
              .Append(",\"status\":\"").Append(rng.Next(10) == 0 ? "WARN" : "OK")
              .Append("\",\"ts\":").Append(1_700_000_000_000L + (n * 17L)).Append("}\n");
        }
        return Encoding.ASCII.GetBytes(sb.ToString(0, length));
    }
}
