namespace Pravega.Perf.Controller.Model;

/// <summary>Where a reader group is in its life.</summary>
public enum ReaderGroupState
{
    /// <summary>Recorded; its state stream is being created.</summary>
    Creating,

    /// <summary>Usable.</summary>
    Active,

    /// <summary>Being deleted.</summary>
    Deleting,
}

/// <summary>A reader group as the controller stores it, with each subscriber's acknowledged StreamCut per stream.</summary>
public sealed record ReaderGroupRecord(
    ReaderGroupConfiguration Configuration,
    ReaderGroupState State,
    long CreationTime,
    IReadOnlyDictionary<string, StreamCutRecord>? SubscriberCuts = null);
