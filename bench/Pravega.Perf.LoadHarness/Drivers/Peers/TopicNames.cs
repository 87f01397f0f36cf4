using System.Globalization;

namespace Pravega.Perf.LoadHarness.Drivers.Peers;

/// <summary>
/// Names the peer drivers derive from a harness topic, and the partition count they store beside it: a consumer or
/// producer may be created by a process that did not create the topic (read mode), so the count lives on the server.
/// </summary>
public static class TopicNames
{
    private const string PartitionsPrefix = "partitions=";

    /// <summary>The topic with every character that NATS forbids in stream names and subject tokens (., *, >, space,
    /// slash, backslash) replaced by '_'.</summary>
    public static string Token(string topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        return string.Create(topic.Length, topic, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is '.' or '*' or '>' or '/' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c) ? '_' : c;
            }
        });
    }

    /// <summary>The text stored beside a topic that says how many partitions it has.</summary>
    public static string DescribePartitions(int partitions) => PartitionsPrefix + partitions.ToString(CultureInfo.InvariantCulture);

    /// <summary>The partition count in a text written by <see cref="DescribePartitions"/>.</summary>
    public static int ParsePartitions(string? description, string topic) =>
        description is not null && description.StartsWith(PartitionsPrefix, StringComparison.Ordinal)
        && int.TryParse(description.AsSpan(PartitionsPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var partitions)
        && partitions > 0
            ? partitions
            : throw new InvalidOperationException($"topic '{topic}' was not created by the harness (no partition count: '{description}')");
}
