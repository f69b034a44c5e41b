using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// A declaration as the generator left it, taken before the engine writes a derivative into
    /// it early (an inner derivative that an outer one reads), so that a weave which fails later
    /// can put it back: a failed weave leaves the module exactly as it was read.
    /// </summary>
    public sealed class StubSnapshot
    {
        private readonly MethodDefinition _stub;
        private readonly MethodBody _body;
        private readonly MethodAttributes _attributes;
        private readonly MethodImplAttributes _implementation;
        private readonly List<SequencePoint> _sequencePoints;
        private readonly ScopeDebugInformation? _scope;

        private StubSnapshot(MethodDefinition stub)
        {
            _stub = stub;
            _body = stub.Body;
            _attributes = stub.Attributes;
            _implementation = stub.ImplAttributes;
            _sequencePoints = new List<SequencePoint>(stub.DebugInformation.SequencePoints);
            _scope = stub.DebugInformation.Scope;
        }

        public static StubSnapshot Take(MethodDefinition stub) => new StubSnapshot(stub);

        public void Restore()
        {
            _stub.Attributes = _attributes;
            _stub.ImplAttributes = _implementation;
            _stub.Body = _body;
            _stub.DebugInformation.SequencePoints.Clear();
            foreach (var sp in _sequencePoints) _stub.DebugInformation.SequencePoints.Add(sp);
            _stub.DebugInformation.Scope = _scope;
        }
    }
}
