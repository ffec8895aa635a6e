"""The knowledge base's endpoints: serializers, filters and views, over moked.knowledge."""
