namespace Pravega.Perf.Cli.Demo;

/// <summary>
/// What the demo pipeline does to each event: events are UTF-8 text <c>key:body</c>; the result is the event upper-cased
/// with <see cref="Suffix"/> appended, written under the same routing key (the part before the first ':', or the whole
/// event when there is none). Pravega stores no routing key with an event, which is why the key travels in the text.
/// </summary>
internal static class Transform
{
    public const string Suffix = "|piped";

    public static string RoutingKey(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? value : value[..colon];
    }

    public static string Apply(string value) => value.ToUpperInvariant() + Suffix;
}
