def test_sign_in_and_see_my_page(client, make_user):
    make_user("kari", roles=["ec"], full_name="Kari Nordmann")
    response = client.login("kari")
    assert response.status_code == 303
    page = client.min_side()
    assert "Kari Nordmann" in page.get_data(as_text=True)
