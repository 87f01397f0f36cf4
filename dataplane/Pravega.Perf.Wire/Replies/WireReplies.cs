namespace Pravega.Perf.Wire.Replies;

/// <summary>
/// The one table of what each reply type means (reference §2.6), shared by every client of the protocol, and of
/// which replies end the connection: after <see cref="ReplyKind.InvalidEventNumber"/> the store closes it, as
/// Pravega's does.
/// </summary>
public static class WireReplies
{
    /// <summary>The meaning of a reply type.</summary>
    public static ReplyKind Classify(WireCommandType type) => type switch
    {
        WireCommandType.NoSuchSegment => ReplyKind.SegmentMissing,
        WireCommandType.SegmentAlreadyExists => ReplyKind.SegmentExists,
        WireCommandType.SegmentIsSealed => ReplyKind.Sealed,
        WireCommandType.SegmentIsTruncated => ReplyKind.Truncated,
        WireCommandType.WrongHost => ReplyKind.WrongHost,
        WireCommandType.ConditionalCheckFailed => ReplyKind.ConditionFailed,
        WireCommandType.InvalidEventNumber => ReplyKind.InvalidEventNumber,
        WireCommandType.TableKeyBadVersion => ReplyKind.TableKeyBadVersion,
        WireCommandType.TableKeyDoesNotExist => ReplyKind.TableKeyMissing,
        WireCommandType.TableSegmentNotEmpty => ReplyKind.TableNotEmpty,
        WireCommandType.AuthTokenCheckFailed => ReplyKind.AuthFailed,
        WireCommandType.OperationUnsupported => ReplyKind.Unsupported,
        WireCommandType.ErrorMessage => ReplyKind.Error,
        WireCommandType.AppendSetup or WireCommandType.DataAppended or WireCommandType.SegmentRead or WireCommandType.StreamSegmentInfo
            or WireCommandType.SegmentCreated or WireCommandType.SegmentSealed or WireCommandType.SegmentDeleted or WireCommandType.SegmentTruncated
            or WireCommandType.SegmentsMerged or WireCommandType.SegmentsBatchMerged or WireCommandType.SegmentPolicyUpdated
            or WireCommandType.SegmentAttribute or WireCommandType.SegmentAttributeUpdated or WireCommandType.OffsetLocated
            or WireCommandType.FlushedToStorage or WireCommandType.StorageChunksListed or WireCommandType.TableSegmentInfo
            or WireCommandType.TableEntriesUpdated or WireCommandType.TableKeysRemoved or WireCommandType.TableRead
            or WireCommandType.TableKeysRead or WireCommandType.TableEntriesRead or WireCommandType.TableEntriesDeltaRead => ReplyKind.Success,
        _ => ReplyKind.NotAReply,
    };

    /// <summary>Whether the store closes the connection after sending this reply.</summary>
    public static bool ClosesConnection(WireCommandType type) => type == WireCommandType.InvalidEventNumber;

    /// <summary>The request id a decoded command carries, if it carries one.</summary>
    public static bool TryGetRequestId(IWireCommand command, out long requestId)
    {
        if (command is IRequestIdCarrier carrier)
        {
            requestId = carrier.RequestId;
            return true;
        }
        requestId = 0;
        return false;
    }
}
