namespace Pravega.Perf.Controller.Model;

/// <summary>
/// The one mutable record of a stream (key <c>head</c> of its metadata table): configuration, state, current epoch and
/// whatever workflow is under way. Every workflow changes the stream by a conditional write of this record, so two
/// controllers (or a controller and its own restarted self) never apply the same step twice.
/// </summary>
public sealed record StreamHead(
    StreamConfiguration Configuration,
    StreamState State,
    int CurrentEpoch,
    long CreationTime,
    EpochTransition? PendingScale = null,
    StreamConfiguration? PendingConfiguration = null,
    StreamCutRecord? Truncation = null,
    StreamCutRecord? PendingTruncation = null,
    TransactionRoll? PendingRoll = null);
