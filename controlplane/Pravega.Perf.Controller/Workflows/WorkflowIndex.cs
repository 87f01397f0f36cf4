using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Workflows;

/// <summary>What kind of workflow an index entry stands for.</summary>
public enum WorkflowKind
{
    /// <summary>A stream being created (the request carries the configuration, since no head record may exist yet).</summary>
    CreateStream,

    /// <summary>A workflow whose whole state is in the stream's head record (scale, update, seal, truncate, delete).</summary>
    Stream,

    /// <summary>A reader group being created or deleted (its record holds the state).</summary>
    ReaderGroup,

    /// <summary>A scope being deleted with everything in it.</summary>
    DeleteScope,

    /// <summary>A key-value table being created or deleted (its record holds the state).</summary>
    KeyValueTable,
}

/// <summary>An entry of the workflow index.</summary>
public sealed record WorkflowIntent(WorkflowKind Kind, string Scope, string Name, StreamConfiguration? Configuration = null, long CreationTime = 0)
{
    /// <summary>The entry's key (one entry per kind and object).</summary>
    public string Key => $"{Kind}/{Scope}/{Name}";
}

/// <summary>
/// The workflows under way, in the <c>workflows</c> metadata table: an entry is written before a workflow's first
/// step and removed after its last, so a controller that starts after a crash finds every workflow it must finish
/// without scanning every stream (Pravega's host index of requests, reference §3).
/// </summary>
public sealed class WorkflowIndex(IMetadataStore store)
{
    /// <summary>Records a workflow as under way.</summary>
    public Task AddAsync(WorkflowIntent intent, CancellationToken cancellationToken) =>
        store.PutAsync(MetadataTables.Workflows, intent.Key, intent, MetadataVersions.Any, cancellationToken);

    /// <summary>Records a workflow as finished.</summary>
    public Task RemoveAsync(WorkflowIntent intent, CancellationToken cancellationToken) =>
        store.RemoveAsync(MetadataTables.Workflows, intent.Key, MetadataVersions.Any, cancellationToken);

    /// <summary>Every workflow under way.</summary>
    public async Task<IReadOnlyList<WorkflowIntent>> ListAsync(CancellationToken cancellationToken)
    {
        var intents = new List<WorkflowIntent>();
        await foreach (var entry in store.ListAllAsync(MetadataTables.Workflows, cancellationToken).ConfigureAwait(false))
        {
            intents.Add(MetadataJson.Deserialize<WorkflowIntent>(entry.Value));
        }
        return intents;
    }
}
