namespace Pravega.Perf.Controller.Model;

/// <summary>
/// Where a stream is in its life (Pravega's controller <c>State</c>, reference §1.2). Every state but
/// <see cref="Active"/> and <see cref="Sealed"/> belongs to one running workflow and keeps other workflows out.
/// </summary>
public enum StreamState
{
    /// <summary>Being created; invisible to clients until <see cref="Active"/>.</summary>
    Creating,

    /// <summary>Open for writes and for any workflow.</summary>
    Active,

    /// <summary>A configuration update runs.</summary>
    Updating,

    /// <summary>A scale runs.</summary>
    Scaling,

    /// <summary>A truncation runs.</summary>
    Truncating,

    /// <summary>A seal runs.</summary>
    Sealing,

    /// <summary>Sealed: no more writes; may be deleted.</summary>
    Sealed,

    /// <summary>Being deleted.</summary>
    Deleting,

    /// <summary>Transactions of an epoch that was scaled away are being committed by a roll (<see cref="TransactionRoll"/>).</summary>
    RollingTransactions,
}
