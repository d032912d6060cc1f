"""/api/v1/maturity/... and /api/v1/products...: the maturity model, assessments, peer averages and ambitions;
the product list and the measurements of product digitalisation (docs/api.md, "Maturity and products").

/api/v1/plans/{id}/digitalisation is in api/urls.py beside the other plan paths."""

from django.urls import path

from . import maturity_ambitions, maturity_assessments, products

maturity = [
    path("model", maturity_assessments.MaturityModel.as_view(), name="model"),
    path("assessments", maturity_assessments.AssessmentList.as_view(), name="assessments"),
    path("assessments/<int:id>", maturity_assessments.AssessmentDetail.as_view(), name="assessment"),
    path("assessments/<int:id>/gap", maturity_assessments.AssessmentGap.as_view(), name="assessment-gap"),
    path("peers", maturity_assessments.Peers.as_view(), name="peers"),
    path("ambitions", maturity_ambitions.AmbitionList.as_view(), name="ambitions"),
    path("ambitions/<int:id>", maturity_ambitions.AmbitionDetail.as_view(), name="ambition"),
]

# Under /api/v1 itself: the list is /products (no trailing slash), so these are not included under "products/".
# The measurements come before /products/{id}, so "measurements" is never read as a product id.
products_patterns = [
    path("products", products.ProductList.as_view(), name="products"),
    path("products/measurements", products.MeasurementList.as_view(), name="measurements"),
    path("products/measurements/<int:id>", products.MeasurementDetail.as_view(), name="measurement"),
    path(
        "products/measurements/<int:id>/digitalisation",
        products.MeasurementDigitalisation.as_view(),
        name="measurement-digitalisation",
    ),
    path("products/<slug:id>", products.ProductDetail.as_view(), name="product"),
]
