using System;

namespace AutoDiff.Weaver
{
    /// <summary>How an assembly read for weaving is strong-named; weaving must leave it in the same state (or fail).</summary>
    public enum StrongNameState
    {
        /// <summary>No public key: nothing to keep.</summary>
        None,

        /// <summary>A public key and a signature: any change invalidates it, so the weave must re-sign with the key pair.</summary>
        Signed,

        /// <summary>A public key, the "signed" flag, no signature (PublicSign): kept as it is, no key needed.</summary>
        PublicSigned,

        /// <summary>A public key, no flag, room for a signature left empty (DelaySign): kept as it is, to be signed later.</summary>
        DelaySigned,
    }

    /// <summary>
    /// Writing would leave a strong name wrong: a signed assembly with no key, or with a key that
    /// cannot sign it. A user's mistake, said with its fix; nothing is written.
    /// </summary>
    public sealed class StrongNameException : Exception
    {
        public StrongNameException(string message) : base(message)
        {
        }
    }
}
