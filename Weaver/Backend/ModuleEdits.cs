using System;
using System.Collections.Generic;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// The changes a weave makes to the module outside the derivatives' own bodies (members
    /// widened to internal, <c>IgnoresAccessChecksTo</c> declared), each with how to take it back:
    /// a refused weave leaves the module exactly as it was read, even when inner derivatives
    /// were already written for outer ones to read (higher order).
    /// </summary>
    public sealed class ModuleEdits
    {
        private readonly List<Action> _undo = new List<Action>();

        /// <summary>Records how to take back a change just made.</summary>
        public void Made(Action undo) => _undo.Add(undo);

        /// <summary>Takes back every recorded change, the last first.</summary>
        public void Undo()
        {
            for (int i = _undo.Count - 1; i >= 0; i--) _undo[i]();
            _undo.Clear();
        }
    }
}
