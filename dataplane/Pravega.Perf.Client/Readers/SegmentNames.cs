using System.Globalization;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Client.Readers;

/// <summary>Qualified segment names (<c>scope/stream/n.#epoch.e</c>, or <c>scope/stream/n</c> for epoch 0) back to segments.</summary>
internal static class SegmentNames
{
    private const string EpochDelimiter = ".#epoch.";

    public static Segment Parse(string qualifiedName)
    {
        var parts = qualifiedName.Split('/');
        if (parts.Length != 3)
        {
            throw new FormatException($"'{qualifiedName}' is not a qualified segment name");
        }
        var last = parts[2];
        var at = last.IndexOf(EpochDelimiter, StringComparison.Ordinal);
        var number = int.Parse(at < 0 ? last : last[..at], NumberStyles.None, CultureInfo.InvariantCulture);
        var epoch = at < 0 ? 0 : int.Parse(last[(at + EpochDelimiter.Length)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return new Segment(new ScopedStream(parts[0], parts[1]), NameUtils.ComputeSegmentId(number, epoch));
    }
}
