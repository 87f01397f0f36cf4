using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pravega.Perf.Controller.KeyValueTables;
using Pravega.Perf.Controller.ReaderGroups;
using Pravega.Perf.Controller.Scopes;
using Pravega.Perf.Controller.Streams;

namespace Pravega.Perf.Controller.Workflows;

/// <summary>
/// Finishes, at start-up, every workflow that an earlier run of any controller left in the index (killed in the
/// middle of a scale, a delete, a creation…). Each workflow is idempotent from its recorded intent, so finishing one
/// twice, or finishing one that another controller finishes at the same time, changes nothing.
/// </summary>
public sealed class WorkflowRecovery(
    WorkflowIndex index,
    StreamService streams,
    ScopeService scopes,
    ReaderGroupService readerGroups,
    KeyValueTableService keyValueTables,
    ILogger<WorkflowRecovery> logger)
{
    /// <summary>Runs every pending workflow to its end; returns how many there were. A failed one stays in the index.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var intents = await index.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var intent in intents)
        {
            try
            {
                switch (intent.Kind)
                {
                    case WorkflowKind.CreateStream:
                        await streams.ResumeCreateAsync(intent, cancellationToken).ConfigureAwait(false);
                        break;
                    case WorkflowKind.Stream:
                        await streams.ResumeAsync(intent.Scope, intent.Name, cancellationToken).ConfigureAwait(false);
                        break;
                    case WorkflowKind.ReaderGroup:
                        await readerGroups.ResumeAsync(intent, cancellationToken).ConfigureAwait(false);
                        break;
                    case WorkflowKind.DeleteScope:
                        await scopes.ResumeDeleteAsync(intent, cancellationToken).ConfigureAwait(false);
                        break;
                    case WorkflowKind.KeyValueTable:
                        await keyValueTables.ResumeAsync(intent, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ControllerLog.RecoveryFailed(logger, e, intent.Key);
            }
        }
        if (intents.Count > 0)
        {
            ControllerLog.RecoveryFinished(logger, intents.Count, clock.ElapsedMilliseconds);
        }
        return intents.Count;
    }
}
