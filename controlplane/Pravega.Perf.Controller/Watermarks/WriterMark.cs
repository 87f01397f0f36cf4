namespace Pravega.Perf.Controller.Watermarks;

/// <summary>
/// A writer's last report (Pravega's <c>WriterMark</c>, a record of the stream's <c>writersPositions</c> table): the
/// time it noted, where it had written up to in each segment (segment id → offset, -1 = nothing observed yet),
/// when the controller received it (epoch milliseconds, which is what the aggregation timeout is measured against),
/// and whether the writer is still open (<c>removeWriter</c> clears it).
/// </summary>
public sealed record WriterMark(long Timestamp, IReadOnlyDictionary<long, long> Position, long NotedAt, bool IsAlive = true);
