namespace Pravega.Perf.Controller.Retention;

/// <summary>
/// A StreamCut the retention job recorded at the tail of a stream: when (<see cref="Time"/>, Unix ms) and how many
/// bytes the stream had written up to it since its creation (<see cref="Size"/>, truncated bytes included). The bytes
/// kept by truncating at a record are the tail's size minus the record's, and the time kept is its age.
/// </summary>
public sealed record RetentionCut(IReadOnlyDictionary<long, long> Cut, long Time, long Size);

/// <summary>
/// A stream's retention set (key <c>retention</c> of its metadata table, Pravega's <c>RetentionSet</c>): the tail cuts
/// recorded by the retention job, oldest first. Truncation always happens at one of them (or at a subscriber lower
/// bound), and the records before the truncation point are dropped with it.
/// </summary>
public sealed record RetentionSet(IReadOnlyList<RetentionCut> Cuts)
{
    public static readonly RetentionSet Empty = new([]);
}
