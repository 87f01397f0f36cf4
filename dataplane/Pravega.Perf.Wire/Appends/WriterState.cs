namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// What the request reader keeps per writer id on one connection: the segment its appends go to. Event numbers are not
/// judged here: the server's writer session is their one owner (a number that does not increase is Pravega's
/// <c>InvalidEventNumber</c>, not malformed input).
/// </summary>
internal sealed class WriterState
{
    public WriterState(string segment)
    {
        Segment = segment;
    }

    public string Segment { get; set; }
}
