namespace Pravega.Perf.Controller.Model;

/// <summary>A StreamCut as stored: segment id → offset, and when it was taken.</summary>
public sealed record StreamCutRecord(IReadOnlyDictionary<long, long> Cut, long Timestamp);
