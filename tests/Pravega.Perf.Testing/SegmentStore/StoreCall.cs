namespace Pravega.Perf.Testing.SegmentStore;

/// <summary>One call that reached a <see cref="FaultInjectingSegmentStore"/>.</summary>
/// <param name="Operation">The <see cref="Pravega.Perf.SegmentStore.Contracts.ISegmentStore"/> method, without
/// "Async" ("Append", "Truncate", "UpdateAttributes", ...).</param>
/// <param name="Segment">The segment it is about.</param>
public readonly record struct StoreCall(string Operation, string Segment);
