using Pravega.Perf.Client.Transactions;
using Pravega.Perf.Common;

namespace Pravega.Perf.Cli.Demo;

/// <summary>Start-up after a crash (or a first start, which is the same with nothing to settle).</summary>
internal sealed partial class PipelineJob
{
    /// <summary>
    /// Settles every transaction the last run left open: a transaction whose checkpoint was recorded as completed holds
    /// output the input cut already counts as done, so it is committed (again, if it was: commits repeat safely); any
    /// other holds output of input that will be read again, so it is aborted. Then the reader group is reset to the last
    /// completed checkpoint. A transaction begun but not yet recorded when the job died was never written to; its lease
    /// ends it.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        await _state!.FetchUpdatesAsync(cancellationToken).ConfigureAwait(false);
        var completed = State.Completed;
        int committed = 0, aborted = 0;
        foreach (var open in State.Open.OrderBy(t => t.Checkpoint).ToList())
        {
            var commit = completed is not null && open.Checkpoint <= completed.Id;
            try
            {
                await using var transaction = await _writer.GetTransactionAsync(Uuid.Parse(open.Transaction), cancellationToken).ConfigureAwait(false);
                if (commit)
                {
                    await transaction.CommitAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    committed++;
                }
                else
                {
                    await transaction.AbortAsync(cancellationToken).ConfigureAwait(false);
                    aborted++;
                }
            }
            catch (TransactionNotFoundException) when (!commit)
            {
                // Long gone (the controller forgets completed transactions after a day): nothing to abort.
            }
            await _state.UpdateStateAsync(s => s.WithoutOpen(open.Transaction), cancellationToken).ConfigureAwait(false);
        }

        // The one reader of the last run may still be a member: take it out (its segments go back unassigned), then
        // start the group over from the recorded checkpoint, so no event after it is lost or read twice.
        foreach (var reader in await _group!.GetOnlineReadersAsync(cancellationToken).ConfigureAwait(false))
        {
            await _group.ReaderOfflineAsync(reader, null, cancellationToken).ConfigureAwait(false);
        }
        await _group.ResetReaderGroupAsync(GroupConfig(completed?.InputCut), cancellationToken).ConfigureAwait(false);
        var from = completed is null ? "the head of the input" : $"checkpoint {completed.Id}";
        _log.WriteLine($"recovered in {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms: reading from {from}; " +
            $"{committed} transaction(s) committed, {aborted} aborted");
    }
}
