namespace Pravega.Perf.Wire.Appends;

/// <summary>What the request reader keeps per writer id on one connection: its segment and last event number.</summary>
internal sealed class WriterState
{
    public WriterState(string segment)
    {
        Segment = segment;
    }

    public string Segment { get; set; }

    /// <summary>Highest event number seen so far; <see cref="WireProtocol.NullAttributeValue"/> before the first append.</summary>
    public long LastEventNumber { get; set; } = WireProtocol.NullAttributeValue;
}
