using Pravega.Perf.Client.Segments;
using Pravega.Perf.Controller.Metadata;

namespace Pravega.Perf.Controller;

/// <summary>How a host tells the controller's unexpected failures apart, without knowing the client library's types.</summary>
public static class ControllerErrors
{
    /// <summary>The segment store could not be reached (the caller may retry later: gRPC UNAVAILABLE).</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is SegmentStoreUnavailableException || exception.InnerException is SegmentStoreUnavailableException;

    /// <summary>Concurrent changes kept a workflow from finishing (the caller may retry: gRPC ABORTED).</summary>
    public static bool IsConflict(Exception exception) => exception is MetadataConflictException;
}
