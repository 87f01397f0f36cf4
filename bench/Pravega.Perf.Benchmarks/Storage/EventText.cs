using System.Globalization;
using System.Text;

namespace Pravega.Perf.Benchmarks.Storage;

/// <summary>Telemetry-like JSON lines: the kind of payload whose compression ratio matters.</summary>
internal static class EventText
{
    public static byte[] Generate(int length)
    {
        var rng = new Random(1);
        var sb = new StringBuilder(length + 200);
        for (var i = 0; sb.Length < length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"device\":\"dev-{rng.Next(500):D4}\",\"value\":{rng.NextDouble() * 1000:F2},\"ok\":{(rng.Next(20) != 0 ? "true" : "false")}}}\n");
        }
        return Encoding.ASCII.GetBytes(sb.ToString(0, length));
    }
}
