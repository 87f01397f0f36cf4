using Pravega.Perf.Common.Naming;
using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Attributes;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.SegmentStore.Server.Connections;

internal sealed partial class ServerConnection
{
    private ValueTask HandleCommandAsync(in Request request)
    {
        switch (request.Type)
        {
            case WireCommandType.Hello:
                return HelloAsync(request.Read<Hello>());
            case WireCommandType.KeepAlive:
                return SendAsync(default(KeepAlive));
            case WireCommandType.SetupAppend:
                return SetupAppendAsync(request.Read<SetupAppend>());
            case WireCommandType.ReadSegment:
                return ReadSegmentAsync(request.Read<ReadSegment>());
            case WireCommandType.GetStreamSegmentInfo:
                return GetStreamSegmentInfoAsync(request.Read<GetStreamSegmentInfo>());
            case WireCommandType.CreateSegment:
                return CreateSegmentAsync(request.Read<CreateSegment>());
            case WireCommandType.CreateTransientSegment:
                return CreateTransientSegmentAsync(request.Read<CreateTransientSegment>());
            case WireCommandType.SealSegment:
                return SealSegmentAsync(request.Read<SealSegment>());
            case WireCommandType.DeleteSegment:
                return DeleteSegmentAsync(request.Read<DeleteSegment>());
            case WireCommandType.TruncateSegment:
                return TruncateSegmentAsync(request.Read<TruncateSegment>());
            case WireCommandType.UpdateSegmentPolicy:
                return UpdateSegmentPolicyAsync(request.Read<UpdateSegmentPolicy>());
            case WireCommandType.GetSegmentAttribute:
                return GetSegmentAttributeAsync(request.Read<GetSegmentAttribute>());
            case WireCommandType.UpdateSegmentAttribute:
                return UpdateSegmentAttributeAsync(request.Read<UpdateSegmentAttribute>());
            case WireCommandType.MergeSegments:
                return MergeSegmentsAsync(request.Read<MergeSegments>());
            case WireCommandType.MergeSegmentsBatch:
                return MergeSegmentsBatchAsync(request.Read<MergeSegmentsBatch>());
            case WireCommandType.LocateOffset:
                return LocateOffsetAsync(request.Read<LocateOffset>());
            case WireCommandType.CreateTableSegment:
                return CreateTableSegmentAsync(request.Read<CreateTableSegment>());
            case WireCommandType.DeleteTableSegment:
                return DeleteTableSegmentAsync(request.Read<DeleteTableSegment>());
            case WireCommandType.UpdateTableEntries:
                return UpdateTableEntriesAsync(request.Read<UpdateTableEntries>());
            case WireCommandType.RemoveTableKeys:
                return RemoveTableKeysAsync(request.Read<RemoveTableKeys>());
            case WireCommandType.ReadTable:
                return ReadTableAsync(request.Read<ReadTable>());
            case WireCommandType.ReadTableKeys:
                return ReadTableKeysAsync(request.Read<ReadTableKeys>());
            case WireCommandType.ReadTableEntries:
                return ReadTableEntriesAsync(request.Read<ReadTableEntries>());
            case WireCommandType.ReadTableEntriesDelta:
                return ReadTableEntriesDeltaAsync(request.Read<ReadTableEntriesDelta>());
            case WireCommandType.GetTableSegmentInfo:
                return GetTableSegmentInfoAsync(request.Read<GetTableSegmentInfo>());
            // The admin commands come with Tier-2 (and are served on the admin port only in Pravega).
            case WireCommandType.FlushToStorage:
                return UnsupportedAsync(request.Type, request.Read<FlushToStorage>().RequestId);
            case WireCommandType.ListStorageChunks:
                return UnsupportedAsync(request.Type, request.Read<ListStorageChunks>().RequestId);
            default:
                // A reply type (or anything else a client never sends): the peer does not speak the protocol.
                throw new WireProtocolException(request.Type, "type", "not a request a client may send");
        }
    }

    private async ValueTask HelloAsync(Hello hello)
    {
        await SendAsync(new Hello(WireProtocol.WireVersion, WireProtocol.OldestCompatibleVersion)).ConfigureAwait(false);
        if (!WireProtocol.IsCompatible(hello.HighVersion, hello.LowVersion))
        {
            ServerLog.IncompatibleVersion(_logger, Id, hello.LowVersion, hello.HighVersion);
            CloseAfterReply();
        }
    }

    private async ValueTask SetupAppendAsync(SetupAppend setup)
    {
        var segment = setup.Segment.ToString();
        var writerId = setup.WriterId;
        // A new setup replaces any earlier session of this writer; until the store answers, its appends are dropped.
        _sessions.Remove(writerId);
        try
        {
            var lastEventNumber = await _store.GetAttributeAsync(segment, writerId).ConfigureAwait(false);
            var isUserStream = NameUtils.IsUserStreamSegment(segment);
            if (isUserStream)
            {
                await _indexer.EnsureIndexSegmentAsync(segment).ConfigureAwait(false);
            }
            _sessions[writerId] = new WriterSession(writerId, segment, lastEventNumber, isUserStream)
            {
                Traffic = isUserStream ? _autoScale?.Track(segment) : null,
            };
            ServerLog.AppendSetup(_logger, Id, writerId.ToString(), segment, lastEventNumber);
            await SendAsync(new AppendSetup(setup.RequestId, segment, writerId, lastEventNumber)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "setupAppend", setup.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask GetStreamSegmentInfoAsync(GetStreamSegmentInfo request)
    {
        var segment = request.SegmentName.ToString();
        try
        {
            var info = await _store.GetSegmentInfoAsync(segment).ConfigureAwait(false);
            await SendAsync(new StreamSegmentInfo(request.RequestId, segment, exists: true, info.IsSealed, info.IsDeleted,
                info.LastModified.ToUnixTimeMilliseconds(), info.Length, info.StartOffset)).ConfigureAwait(false);
        }
        catch (StreamSegmentNotExistsException)
        {
            // Pravega answers an info request for a missing segment with exists = false rather than an error.
            await SendAsync(new StreamSegmentInfo(request.RequestId, segment, exists: false, isSealed: true, isDeleted: true,
                0, 0, 0)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "getStreamSegmentInfo", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask CreateSegmentAsync(CreateSegment request)
    {
        var segment = request.Segment.ToString();
        try
        {
            AttributeUpdate[] attributes =
            [
                AttributeUpdate.Replace(SegmentAttributes.ScalePolicyType, request.ScaleType),
                AttributeUpdate.Replace(SegmentAttributes.ScalePolicyRate, request.TargetRate),
                AttributeUpdate.Replace(SegmentAttributes.RolloverSize, Math.Max(0, request.RolloverSizeBytes)),
            ];
            await _store.CreateSegmentAsync(segment, SegmentType.StreamSegment, attributes).ConfigureAwait(false);
            if (NameUtils.IsUserStreamSegment(segment))
            {
                _autoScale?.Created(segment, request.ScaleType, request.TargetRate);
            }
            if (NameUtils.IsUserStreamSegment(segment))
            {
                await _indexer.EnsureIndexSegmentAsync(segment).ConfigureAwait(false);
            }
            await SendAsync(new SegmentCreated(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "createSegment", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask CreateTransientSegmentAsync(CreateTransientSegment request)
    {
        var parent = request.ParentSegment.ToString();
        try
        {
            var segment = await _store.CreateTransientSegmentAsync(parent, request.WriterId).ConfigureAwait(false);
            TrackTransient(segment);
            await SendAsync(new SegmentCreated(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "createTransientSegment", request.RequestId, parent, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask SealSegmentAsync(SealSegment request)
    {
        var segment = request.Segment.ToString();
        try
        {
            await _store.SealAsync(segment).ConfigureAwait(false);
            _autoScale?.Forget(segment);
            await SendAsync(new SegmentSealed(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "sealSegment", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask DeleteSegmentAsync(DeleteSegment request)
    {
        var segment = request.Segment.ToString();
        try
        {
            await _store.DeleteAsync(segment).ConfigureAwait(false);
            _autoScale?.Forget(segment);
            ForgetTransient(segment);
            await _indexer.DeleteIndexSegmentAsync(segment).ConfigureAwait(false);
            await SendAsync(new SegmentDeleted(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "deleteSegment", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask TruncateSegmentAsync(TruncateSegment request)
    {
        var segment = request.Segment.ToString();
        try
        {
            await _store.TruncateAsync(segment, request.TruncationOffset).ConfigureAwait(false);
            await _indexer.TruncateIndexSegmentAsync(segment, request.TruncationOffset).ConfigureAwait(false);
            await SendAsync(new SegmentTruncated(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "truncateSegment", request.RequestId, segment, request.TruncationOffset).ConfigureAwait(false);
        }
    }

    private async ValueTask UpdateSegmentPolicyAsync(UpdateSegmentPolicy request)
    {
        var segment = request.Segment.ToString();
        try
        {
            AttributeUpdate[] updates =
            [
                AttributeUpdate.Replace(SegmentAttributes.ScalePolicyType, request.ScaleType),
                AttributeUpdate.Replace(SegmentAttributes.ScalePolicyRate, request.TargetRate),
            ];
            await _store.UpdateAttributesAsync(segment, updates).ConfigureAwait(false);
            _autoScale?.SetPolicy(segment, request.ScaleType, request.TargetRate);
            await SendAsync(new SegmentPolicyUpdated(request.RequestId, segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "updateSegmentPolicy", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask GetSegmentAttributeAsync(GetSegmentAttribute request)
    {
        var segment = request.SegmentName.ToString();
        try
        {
            var value = await _store.GetAttributeAsync(segment, request.AttributeId).ConfigureAwait(false);
            await SendAsync(new SegmentAttribute(request.RequestId, value)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "getSegmentAttribute", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask UpdateSegmentAttributeAsync(UpdateSegmentAttribute request)
    {
        var segment = request.SegmentName.ToString();
        try
        {
            AttributeUpdate[] updates = [AttributeUpdate.ReplaceIfEquals(request.AttributeId, request.NewValue, request.ExpectedValue)];
            await _store.UpdateAttributesAsync(segment, updates).ConfigureAwait(false);
            await SendAsync(new SegmentAttributeUpdated(request.RequestId, success: true)).ConfigureAwait(false);
        }
        catch (BadAttributeUpdateException)
        {
            await SendAsync(new SegmentAttributeUpdated(request.RequestId, success: false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "updateSegmentAttribute", request.RequestId, segment, -1).ConfigureAwait(false);
        }
    }

    private async ValueTask MergeSegmentsAsync(MergeSegments request)
    {
        var target = request.Target.ToString();
        var source = request.Source.ToString();
        try
        {
            var updates = new AttributeUpdate[request.AttributeUpdates.Length];
            for (var i = 0; i < updates.Length; i++)
            {
                var update = request.AttributeUpdates[i];
                updates[i] = new AttributeUpdate(update.AttributeId, (AttributeUpdateType)update.AttributeUpdateType,
                    update.NewValue, update.OldValue);
            }
            var length = await _store.MergeAsync(target, source, updates).ConfigureAwait(false);
            ForgetTransient(source);
            NoteMerged(target);
            await SendAsync(new SegmentsMerged(request.RequestId, target, source, length)).ConfigureAwait(false);
        }
        catch (BadAttributeUpdateException)
        {
            await SendAsync(new SegmentAttributeUpdated(request.RequestId, success: false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "mergeSegments", request.RequestId, e is SegmentStoreException s ? s.SegmentName : target, -1)
                .ConfigureAwait(false);
        }
    }

    private async ValueTask MergeSegmentsBatchAsync(MergeSegmentsBatch request)
    {
        var target = request.TargetSegmentId.ToString();
        var sources = new string[request.SourceSegmentIds.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = request.SourceSegmentIds[i].ToString();
        }
        try
        {
            var lengths = new long[sources.Length];
            for (var i = 0; i < sources.Length; i++)
            {
                lengths[i] = await _store.MergeAsync(target, sources[i], []).ConfigureAwait(false);
                ForgetTransient(sources[i]);
            }
            NoteMerged(target);
            var wireSources = Array.ConvertAll(sources, s => new WireString(s));
            await SendAsync(new SegmentsBatchMerged(request.RequestId, target, wireSources, lengths)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "mergeSegmentsBatch", request.RequestId, e is SegmentStoreException s ? s.SegmentName : target, -1)
                .ConfigureAwait(false);
        }
    }

    private void NoteMerged(string target)
    {
        if (NameUtils.IsUserStreamSegment(target))
        {
            _indexer.NoteAppended(target);
        }
    }

    private async ValueTask LocateOffsetAsync(LocateOffset request)
    {
        var segment = request.Segment.ToString();
        try
        {
            var offset = await _indexer.LocateOffsetAsync(segment, request.TargetOffset).ConfigureAwait(false);
            await SendAsync(new OffsetLocated(request.RequestId, segment, offset)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ReplyErrorAsync(e, "locateOffset", request.RequestId, segment, request.TargetOffset).ConfigureAwait(false);
        }
    }

    private ValueTask UnsupportedAsync(WireCommandType type, long requestId)
    {
        var name = WireCommandTypes.GetName(type);
        ServerLog.Unsupported(_logger, Id, name);
        return SendAsync(new OperationUnsupported(requestId, name, string.Empty));
    }

    /// <summary>
    /// Answers a failed request as reference §2.6 says; anything without a reply there closes the connection.
    /// </summary>
    private ValueTask ReplyErrorAsync(Exception error, string operation, long requestId, string segment, long offset)
    {
        var stackTrace = StackTrace(error);
        switch (error)
        {
            case StreamSegmentExistsException:
                return SendAsync(new SegmentAlreadyExists(requestId, segment, stackTrace));
            case StreamSegmentNotExistsException or StreamSegmentMergedException:
                return SendAsync(new NoSuchSegment(requestId, segment, stackTrace, offset));
            case StreamSegmentSealedException:
                return SendAsync(new SegmentIsSealed(requestId, segment, stackTrace, offset));
            case ContainerNotFoundException:
                return SendAsync(new WrongHost(requestId, segment, string.Empty, stackTrace));
            case StreamSegmentTruncatedException truncated:
                return SendAsync(new SegmentIsTruncated(requestId, segment, truncated.StartOffset, stackTrace, truncated.RequestedOffset));
            case BadOffsetException badOffset:
                return SendAsync(new SegmentIsTruncated(requestId, segment, badOffset.ExpectedOffset, stackTrace, badOffset.ActualOffset));
            case TableKeyBadVersionException:
                return SendAsync(new TableKeyBadVersion(requestId, segment, stackTrace));
            case TableKeyNotExistsException:
                return SendAsync(new TableKeyDoesNotExist(requestId, segment, stackTrace));
            case TableSegmentNotEmptyException:
                return SendAsync(new TableSegmentNotEmpty(requestId, segment, stackTrace));
            case TableLimitExceededException:
                // Pravega answers its size checks as illegal arguments; the connection stays up.
                return SendAsync(new ErrorMessage(requestId, segment, error.Message, 0));
            case NotSupportedException:
                return SendAsync(new OperationUnsupported(requestId, operation, stackTrace));
            case ArgumentException:
                return SendAsync(new ErrorMessage(requestId, segment, error.Message, 0));
            default:
                ServerLog.RequestFailed(_logger, error, Id, operation, segment);
                CloseAfterReply();
                return ValueTask.CompletedTask;
        }
    }
}
